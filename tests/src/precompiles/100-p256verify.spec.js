import assert from 'node:assert/strict';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { runPrecompile, isPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const { n: N, p: P } = p256.Point.CURVE();
const ONE = w(1);
const run = (h, gas = 6900n) => runPrecompile(0x100, typeof h === 'string' ? bytes(h) : h, gas, Fork.Osaka);
const empty = (h, why) => assert.deepEqual(run(h), { ok: true, gasUsed: 6900n, output: new Uint8Array(0) }, why);

const priv = sha256(new TextEncoder().encode('parevm p256 test key'));
const pub = p256.getPublicKey(priv, false); // 04 | x | y
const QX = hex(pub.subarray(1, 33));
const QY = hex(pub.subarray(33));
const hash = sha256(new TextEncoder().encode('hello'));
const sig = p256.sign(hash, priv, { prehash: false }); // compact r | s, low s
const R = BigInt('0x' + hex(sig.subarray(0, 32)));
const S = BigInt('0x' + hex(sig.subarray(32)));
const H = hex(hash);
const input = (h = H, r = R, s = S, x = QX, y = QY) => h + w(r) + w(s) + (typeof x === 'string' ? x : w(x)) + (typeof y === 'string' ? y : w(y));

describe('precompile 0x100 P256VERIFY (EIP-7951)', () => {
  it('returns 1 for a valid signature', () => {
    const r = run(input());
    assert.deepEqual(r, { ok: true, gasUsed: 6900n, output: bytes(ONE) });
  });

  it('accepts high s (no malleability check)', () => {
    assert.equal(hex(run(input(H, R, N - S)).output), ONE);
  });

  it('a hash that is >= n is used reduced mod n', () => {
    // Signing prehashed h and h + n gives the same signature.
    const h = N + 5n;
    const s = p256.sign(bytes(w(h)), priv, { prehash: false, lowS: false });
    assert.equal(hex(run(w(h) + hex(s) + QX + QY).output), ONE);
    assert.equal(hex(run(w(5n) + hex(s) + QX + QY).output), ONE);
  });

  it('invalid signatures or keys: empty output, gas still charged', () => {
    empty(input(hex(sha256(new Uint8Array([1])))), 'wrong hash');
    empty(input(H, R + 1n), 'wrong r');
    empty(input(H, R, S + 1n), 'wrong s');
    empty(input(H, 0n), 'r = 0');
    empty(input(H, R, 0n), 's = 0');
    empty(input(H, N), 'r = n');
    empty(input(H, R, N), 's = n');
    empty(input(H, R + N), 'r + n (overflowing representation)');
    empty(input(H, R, S, P, QY), 'qx = p');
    empty(input(H, R, S, QX, P), 'qy = p');
    empty(input(H, R, S, 0n, 0n), 'infinity (0, 0)');
    empty(input(H, R, S, QX, (BigInt('0x' + QY) + 1n) % P), 'off curve');
    const G = p256.Point.BASE.toAffine();
    empty(input(H, R, S, G.x, G.y), 'another valid key');
  });

  it('input must be exactly 160 bytes', () => {
    const good = input();
    empty(good.slice(0, -2), '159 bytes');
    empty(good + '00', '161 bytes');
    empty('', 'empty');
  });

  it('costs 6900 gas and exists from Osaka', () => {
    assert.deepEqual(run(input(), 6899n), { ok: false, gasUsed: 6899n, output: new Uint8Array(0) });
    assert.equal(isPrecompile(0x100, Fork.Prague), false);
    assert.equal(isPrecompile(0x100, Fork.Osaka), true);
  });
});

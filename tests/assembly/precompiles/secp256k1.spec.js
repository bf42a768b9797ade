// assembly/precompiles/secp256k1.ts: ECRECOVER in the core, against the host's version on @noble/curves
// (src/precompiles/01-ecrecover.ts): valid signatures of both parities, high s, and every way an input
// recovers no key.
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { loadTestWasm } from '../../helpers/wasm.js';
import { ecrecover as reference } from '../../../dist/precompiles/01-ecrecover.js';

const OUT = 65536;
const N = secp256k1.Point.CURVE().n, P = secp256k1.Point.CURVE().p;
const word = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const hex = (b) => Buffer.from(b).toString('hex');

/** A signed input: hash, v, r, s (128 bytes), from a seeded key. */
function signed(i) {
  const sk = keccak_256(Uint8Array.of(7, i, i >> 8));
  const h = keccak_256(Uint8Array.of(i, i >> 8));
  const sig = secp256k1.sign(h, sk, { prehash: false, format: 'recovered' });
  const input = new Uint8Array(128);
  input.set(h, 0); input[63] = 27 + sig[0]; input.set(sig.subarray(1, 65), 64);
  return input;
}
const withWord = (input, at, value) => { const b = Uint8Array.from(input); b.set(word(value), at); return b; };

describe('assembly/precompiles/secp256k1: ECRECOVER in the core', () => {
  let w, base;
  const mem = () => new Uint8Array(w.memory.buffer);
  /** The core's answer: the 32-byte output, or '' when it recovered no key. */
  const core = (input) => {
    mem().set(input, base);
    mem().fill(0xee, base + OUT, base + OUT + 32);
    return w.ecrecover(input.length) ? hex(mem().slice(base + OUT, base + OUT + 32)) : '';
  };
  const agree = (input, what) => {
    const want = hex(reference(input));
    assert.equal(core(input), want, what);
    return want;
  };
  before(() => { w = loadTestWasm('hashes'); base = w.scratch(); });

  it('recovers the signer of 200 signatures (both parities of R), as the reference does', () => {
    const parities = new Set();
    for (let i = 0; i < 200; i++) {
      const input = signed(i);
      parities.add(input[63]);
      assert.notEqual(agree(input, `signature ${i}`), '', `signature ${i} recovers a key`);
    }
    assert.deepEqual([...parities].sort(), [27, 28]);
  });

  it('recovers from a high s and from hashes at or above n (no low-s rule in ECRECOVER)', () => {
    for (let i = 0; i < 20; i++) {
      const input = signed(1000 + i);
      const s = BigInt('0x' + hex(input.subarray(96, 128)));
      const flipped = withWord(input, 96, N - s); // the other s of the same R: a different key
      flipped[63] = input[63] === 27 ? 28 : 27;
      assert.notEqual(agree(flipped, `high s ${i}`), '');
      assert.equal(agree(withWord(input, 0, N + 5n + BigInt(i)), `hash >= n ${i}`).length, 64);
      assert.equal(agree(withWord(input, 0, 0n), `zero hash ${i}`).length, 64);
    }
  });

  it('recovers nothing for v other than 27/28, r or s out of 1..n-1, or an r that is no point\'s x', () => {
    const input = signed(5);
    const cases = {
      'v = 0': withWord(input, 32, 0n), 'v = 1': withWord(input, 32, 1n), 'v = 29': withWord(input, 32, 29n),
      'v = 27 + 2^255': withWord(input, 32, 27n + (1n << 255n)),
      'r = 0': withWord(input, 64, 0n), 'r = n': withWord(input, 64, N), 'r = p - 1': withWord(input, 64, P - 1n),
      's = 0': withWord(input, 96, 0n), 's = n': withWord(input, 96, N), 's = 2^256 - 1': withWord(input, 96, (1n << 256n) - 1n),
      'r = 5 (x^3 + 7 is no square)': withWord(input, 64, 5n),
    };
    for (const [name, bad] of Object.entries(cases)) assert.equal(agree(bad, name), '', name);
  });

  it('reads a short input as zero-padded and ignores bytes past 128', () => {
    const input = signed(9);
    const long = new Uint8Array(200).fill(0xab); long.set(input, 0);
    assert.equal(core(long), core(input));
    // a short input: v and r and s cut off recover nothing; cut inside s, the missing bytes are zeros
    assert.equal(agree(input.subarray(0, 100), '100 bytes'), hex(reference(Uint8Array.from([...input.subarray(0, 100), ...new Uint8Array(28)]))));
    assert.equal(core(input.subarray(0, 0)), '');
    assert.equal(core(input.subarray(0, 64)), '');
  });

  it('R equal to the generator or its negation (r = Gx): the two tables add the same point (a doubling) or opposite ones (infinity)', () => {
    const Gx = secp256k1.Point.BASE.toAffine().x;
    for (const v of [27n, 28n]) for (let i = 1; i < 6; i++) {
      const input = withWord(withWord(withWord(new Uint8Array(128), 0, BigInt(i) * 0x1234567n), 32, v), 64, Gx);
      input.set(word(BigInt(i) * 99991n), 96);
      assert.equal(agree(input, `r = Gx, v ${v}, i ${i}`).length, 64);
    }
  });
});

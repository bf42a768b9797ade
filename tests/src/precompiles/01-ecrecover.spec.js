import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const word = (n) => bytes(BigInt(n).toString(16).padStart(64, '0'));
const N = secp256k1.Point.CURVE().n;
const run = (input, gas = 3000n) => runPrecompile(1, input, gas, Fork.Frontier);

// go-ethereum's ecrecover test vector.
const VECTOR =
  '456e9aea5e197a1f1af7a3e85a3212fa4049a3ba34c2289b4c860fc0b0c64ef3' +
  '000000000000000000000000000000000000000000000000000000000000001c' +
  '9242685bf161793cc25603c231bc2f568eb630ea16aa137d2664ac8038825608' +
  '4f8ae3bd7535248d0bd448298cc2e2071e56992d0774dc340c368ae950852ada';
const VECTOR_OUT = '0000000000000000000000007156526fbd7a3c72969b54f64e42c10fbb768c8a';

function signed(msgHash, priv) {
  const sig = secp256k1.sign(msgHash, priv, { prehash: false, format: 'recovered' });
  const pub = secp256k1.getPublicKey(priv, false);
  const address = keccak_256(pub.subarray(1)).subarray(12);
  return { rec: sig[0], r: sig.subarray(1, 33), s: sig.subarray(33, 65), address };
}

function input(hash, v, r, s) {
  return Uint8Array.from([...hash, ...word(v), ...r, ...s]);
}

describe('precompile 0x01 ECRECOVER', () => {
  it('recovers the known vector', () => {
    const r = run(bytes(VECTOR));
    assert.equal(r.ok, true);
    assert.equal(r.gasUsed, 3000n);
    assert.equal(hex(r.output), VECTOR_OUT);
  });

  it('recovers a fresh signature; also with high s (flipped v)', () => {
    const priv = keccak_256(Uint8Array.of(1, 2, 3));
    const hash = keccak_256(Uint8Array.of(42));
    const { rec, r, s, address } = signed(hash, priv);
    const out = run(input(hash, 27 + rec, r, s)).output;
    assert.equal(hex(out.subarray(12)), hex(address));
    assert.equal(hex(out.subarray(0, 12)), '00'.repeat(12));
    // (r, n - s) with the other recovery id is the same signature: ECRECOVER accepts high s.
    const highS = word(N - BigInt('0x' + hex(s)));
    const out2 = run(input(hash, 27 + (1 - rec), r, highS)).output;
    assert.equal(hex(out2.subarray(12)), hex(address));
  });

  it('invalid signatures succeed with empty output and are charged', () => {
    const base = bytes(VECTOR);
    const cases = {
      'v = 29': input(base.subarray(0, 32), 29, base.subarray(64, 96), base.subarray(96)),
      'v = 0': input(base.subarray(0, 32), 0, base.subarray(64, 96), base.subarray(96)),
      'v = 1': input(base.subarray(0, 32), 1, base.subarray(64, 96), base.subarray(96)),
      'v = 27 + 2^8': input(base.subarray(0, 32), 27 + 256, base.subarray(64, 96), base.subarray(96)),
      'v with high bytes': (() => { const b = base.slice(); b[32] = 1; return b; })(),
      'r = 0': input(base.subarray(0, 32), 28, word(0), base.subarray(96)),
      's = 0': input(base.subarray(0, 32), 28, base.subarray(64, 96), word(0)),
      'r = n': input(base.subarray(0, 32), 28, word(N), base.subarray(96)),
      's = n': input(base.subarray(0, 32), 28, base.subarray(64, 96), word(N)),
      'r = 2^256 - 1': input(base.subarray(0, 32), 28, word((1n << 256n) - 1n), base.subarray(96)),
      'empty input': new Uint8Array(0),
    };
    for (const [name, data] of Object.entries(cases)) {
      const r = run(data);
      assert.equal(r.ok, true, name);
      assert.equal(r.gasUsed, 3000n, name);
      assert.equal(r.output.length, 0, name);
    }
  });

  it('r with no point on the curve (x = r not on secp256k1) gives empty output', () => {
    // x = 5: 5^3 + 7 = 132 is not a square mod p? Find a small x with no square root.
    const { Fp } = secp256k1.Point;
    let x = 1n;
    for (; ; x++) {
      try { Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 7n)); } catch { break; }
    }
    const r = run(input(new Uint8Array(32).fill(1), 27, word(x), word(1)));
    assert.equal(r.ok, true);
    assert.equal(r.output.length, 0);
  });

  it('right-pads short input with zeros', () => {
    // Drop the last byte of s (which is 0xda): the padded input has s ending in 0x00.
    const full = bytes(VECTOR);
    const short = full.subarray(0, 127);
    const padded = full.slice();
    padded[127] = 0;
    assert.deepEqual(run(short).output, run(padded).output);
    // Extra trailing bytes are ignored.
    const long = Uint8Array.from([...full, 1, 2, 3]);
    assert.equal(hex(run(long).output), VECTOR_OUT);
  });

  it('costs 3000 gas: 2999 fails with all gas used', () => {
    const r = run(bytes(VECTOR), 2999n);
    assert.deepEqual(r, { ok: false, gasUsed: 2999n, output: new Uint8Array(0) });
  });
});

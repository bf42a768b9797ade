import assert from 'node:assert/strict';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';
import { hex, bytes, fp } from '../../helpers/bls.js';

const run = (h, gas = 5500n) => runPrecompile(0x10, bytes(h), gas, Fork.Prague);

// EIP-2537 vectors (map_fp_to_G1_bls.json)
const VECTORS = [
  ['00000000000000000000000000000000156c8a6a2c184569d69a76be144b5cdc5141d2d2ca4fe341f011e25e3969c55ad9e9b9ce2eb833c81a908e5fa4ac5f03',
    '00000000000000000000000000000000184bb665c37ff561a89ec2122dd343f20e0f4cbcaec84e3c3052ea81d1834e192c426074b02ed3dca4e7676ce4ce48ba0000000000000000000000000000000004407b8d35af4dacc809927071fc0405218f1401a6d15af775810e4e460064bcc9468beeba82fdc751be70476c888bf3'],
  ['00000000000000000000000000000000147e1ed29f06e4c5079b9d14fc89d2820d32419b990c1c7bb7dbea2a36a045124b31ffbde7c99329c05c559af1c6cc82',
    '00000000000000000000000000000000009769f3ab59bfd551d53a5f846b9984c59b97d6842b20a2c565baa167945e3d026a3755b6345df8ec7e6acb6868ae6d000000000000000000000000000000001532c00cf61aa3d0ce3e5aa20c3b531a2abd2c770a790a2613818303c6b830ffc0ecf6c357af3317b9575c567f11cd2c'],
  ['0000000000000000000000000000000004090815ad598a06897dd89bcda860f25837d54e897298ce31e6947378134d3761dc59a572154963e8c954919ecfa82d',
    '000000000000000000000000000000001974dbb8e6b5d20b84df7e625e2fbfecb2cdb5f77d5eae5fb2955e5ce7313cae8364bc2fff520a6c25619739c6bdcb6a0000000000000000000000000000000015f9897e11c6441eaa676de141c8d83c37aab8667173cbe1dfd6de74d11861b961dccebcd9d289ac633455dfcc7013a3'],
  ['0000000000000000000000000000000008dccd088ca55b8bfbc96fb50bb25c592faa867a8bb78d4e94a8cc2c92306190244532e91feba2b7fed977e3c3bb5a1f',
    '000000000000000000000000000000000a7a047c4a8397b3446450642c2ac64d7239b61872c9ae7a59707a8f4f950f101e766afe58223b3bff3a19a7f754027c000000000000000000000000000000001383aebba1e4327ccff7cf9912bda0dbc77de048b71ef8c8a81111d71dc33c5e3aa6edee9cf6f5fe525d50cc50b77cc9'],
  ['000000000000000000000000000000000dd824886d2123a96447f6c56e3a3fa992fbfefdba17b6673f9f630ff19e4d326529db37e1c1be43f905bf9202e0278d',
    '000000000000000000000000000000000e7a16a975904f131682edbb03d9560d3e48214c9986bd50417a77108d13dc957500edf96462a3d01e62dc6cd468ef11000000000000000000000000000000000ae89e677711d05c30a48d6d75e76ca9fb70fe06c6dd6ff988683d89ccde29ac7d46c53bb97a59b1901abf1db66052db'],
];

describe('precompile 0x10 BLS12_MAP_FP_TO_G1 (EIP-2537)', () => {
  it('EIP-2537 vectors', () => {
    for (const [input, expected] of VECTORS) {
      const r = run(input);
      assert.equal(r.ok, true);
      assert.equal(r.gasUsed, 5500n);
      assert.equal(hex(r.output), expected);
    }
  });

  it('outputs are in the subgroup (also for u = 0 and u = p - 1)', () => {
    for (const u of [0n, 1n, bls12_381.fields.Fp.ORDER - 1n]) {
      const out = run(fp(u)).output;
      const x = BigInt('0x' + hex(out.subarray(0, 64)));
      const y = BigInt('0x' + hex(out.subarray(64)));
      assert.ok(bls12_381.G1.Point.fromAffine({ x, y }).isTorsionFree());
    }
  });

  it('fails on u >= p, non-zero padding and wrong length', () => {
    const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 5500n, output: new Uint8Array(0) }, why);
    fail(fp(bls12_381.fields.Fp.ORDER), 'u = p');
    fail('01' + VECTORS[0][0].slice(2), 'padding byte');
    fail(VECTORS[0][0].slice(0, -2), '63 bytes');
    fail(VECTORS[0][0] + '00', '65 bytes');
    fail('', 'empty');
  });

  it('costs 5500 gas', () => {
    assert.equal(run(VECTORS[0][0], 5499n).ok, false);
  });
});

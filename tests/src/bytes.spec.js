// src/bytes.ts: keccak256 (once a Core exists in the thread it hashes in the core's Wasm, evm.ts registers it; inputs
// past the core's 64 KiB buffer go in pieces; it must give noble's hash for every length) and hexToBytes.
import assert from 'node:assert/strict';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Core } from '../../dist/evm.js';
import { loadModule } from '../../dist/wasm/loader.js';
import { keccak256, bytesToHex, hexToBytes } from '../../dist/bytes.js';

describe('bytes: keccak256 through the core', () => {
  let core;
  before(async () => { core = new Core(await loadModule()); });

  it('equals @noble/hashes for every length 0..600 and around the block size and the buffer size', () => {
    let seed = 1;
    const data = new Uint8Array(70000).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255);
    const lengths = [...Array(601).keys(), 1087, 1088, 1089, 65535, 65536, 65537, 70000];
    for (const n of lengths) {
      const input = data.subarray(0, n);
      assert.equal(bytesToHex(keccak256(input)), bytesToHex(keccak_256(input)), `length ${n}`);
    }
  });

  it('hashes an input past the 64 KiB buffer in pieces of whole blocks, as noble does', () => {
    const piece = 65536 - (65536 % 136); // 65,416
    let seed = 7;
    const data = new Uint8Array(1_600_000).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255);
    for (const n of [piece, 65536, 65537, piece + 136, 2 * piece, 2 * piece + 1, 65536 + piece, 65537 + piece, 200_000, 1_600_000]) {
      const input = data.subarray(0, n);
      assert.equal(bytesToHex(core.keccak256(input)), bytesToHex(keccak_256(input)), `length ${n}`);
    }
    // a short hash after a long one starts from a clean state
    assert.equal(bytesToHex(core.keccak256(Uint8Array.of(1))), bytesToHex(keccak_256(Uint8Array.of(1))));
  });

  it('returns a fresh array each time (callers keep hashes)', () => {
    const a = keccak256(Uint8Array.of(1)), b = keccak256(Uint8Array.of(2));
    assert.notEqual(bytesToHex(a), bytesToHex(b));
    assert.equal(bytesToHex(a), bytesToHex(keccak_256(Uint8Array.of(1))));
  });
});

describe('bytes: hexToBytes', () => {
  it('parses either case, with or without 0x / 0X, every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const lower = Buffer.from(all).toString('hex');
    for (const s of [lower, '0x' + lower, '0X' + lower.toUpperCase(), lower.toUpperCase()]) assert.deepEqual(hexToBytes(s), all, s.slice(0, 4));
    assert.deepEqual(hexToBytes('0x'), new Uint8Array(0));
    assert.deepEqual(hexToBytes(''), new Uint8Array(0));
  });

  it('names an odd length and the offset of the first bad digit', () => {
    assert.throws(() => hexToBytes('0xabc'), /odd-length hex string "0xabc"/);
    assert.throws(() => hexToBytes('0xabzd'), /invalid hex digit at offset 2 in "0xabzd"/);
    assert.throws(() => hexToBytes('0xazbd'), /invalid hex digit at offset 1/);
    assert.throws(() => hexToBytes('0x1 '), /invalid hex digit at offset 1/);
    assert.throws(() => hexToBytes('ab\u0130c'), /invalid hex digit at offset 2/, 'a char above 127');
    assert.throws(() => hexToBytes('0x0xab'), /invalid hex digit at offset 1/, 'only one prefix');
  });
});

// src/wasm/codec.ts: words cross between the host and the core as 32 little-endian bytes.
import assert from 'node:assert/strict';
import { WasmMemory } from '../../../dist/wasm/codec.js';

function memory() {
  const m = new WasmMemory();
  m.attach(new WebAssembly.Memory({ initial: 1 }));
  return m;
}

describe('wasm/codec: WasmMemory words', () => {
  // each side of the 64- and 128-bit boundaries, where reads and writes take their short paths
  const values = [0n, 1n, 0xffn, (1n << 64n) - 1n, 1n << 64n, (1n << 64n) + 1n, (1n << 128n) - 1n, 1n << 128n,
    (1n << 192n) + 5n, (1n << 255n) | 7n, (1n << 256n) - 1n, 10n ** 22n];

  it('writes and reads back every value, with its bytes little-endian', () => {
    const m = memory();
    for (const v of values) {
      m.writeWord(64, v);
      assert.equal(m.readWord(64), v);
      const bytes = m.bytes().subarray(64, 96);
      let back = 0n;
      for (let i = 31; i >= 0; i--) back = (back << 8n) | BigInt(bytes[i]);
      assert.equal(back, v, `bytes of ${v}`);
    }
  });

  it('a small value written over a large one clears the high limbs', () => {
    const m = memory();
    for (const small of [0n, 3n, (1n << 64n) - 1n, 1n << 100n]) {
      m.writeWord(0, (1n << 256n) - 1n);
      m.writeWord(0, small);
      assert.equal(m.readWord(0), small);
    }
  });

  it('reads a word whose only set bits are high', () => {
    const m = memory();
    for (const v of [1n << 200n, 1n << 130n, 1n << 96n, 1n << 70n]) {
      const u8 = m.bytes();
      u8.fill(0, 0, 32);
      let x = v;
      for (let i = 0; i < 32; i++) { u8[i] = Number(x & 0xffn); x >>= 8n; }
      assert.equal(m.readWord(0), v);
    }
  });
});

// src/wasm/codec.ts: words cross between the host and the core as 32 little-endian bytes.
import assert from 'node:assert/strict';
import { WasmMemory } from '../../../dist/wasm/codec.js';
import { plainLog } from '../../../dist/state/types.js';

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

describe('wasm/codec: WasmMemory.logAt', () => {
  it('copies the address, the topics (words reversed to big-endian) and the data, each its own view', () => {
    const m = new WasmMemory();
    m.attach(new WebAssembly.Memory({ initial: 1 }));
    const u8 = m.bytes();
    for (let i = 0; i < 20; i++) u8[100 + i] = i + 1; // the address, big-endian
    m.writeWord(200, 0x0102n);
    m.writeWord(232, (1n << 255n) | 3n);
    u8.set([9, 8, 7], 300);
    const log = m.logAt(100, 200, 2, 300, 3);
    assert.deepEqual([...log.address], Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal(log.topics.length, 2);
    assert.equal(Buffer.from(log.topics[0]).toString('hex'), '0102'.padStart(64, '0'));
    assert.equal(Buffer.from(log.topics[1]).toString('hex'), '80' + '00'.repeat(30) + '03');
    assert.deepEqual([...log.data], [9, 8, 7]);
    // a copy: later writes to the core's memory do not show
    u8[100] = 0xff; u8[300] = 0;
    assert.equal(log.address[0], 1);
    assert.equal(log.data[0], 9);
    const empty = m.logAt(100, 200, 0, 300, 0);
    assert.equal(empty.topics.length, 0);
    assert.equal(empty.data.length, 0);
    assert.equal(empty.address.length, 20);
    // long data takes the other copy path
    const long = Uint8Array.from({ length: 200 }, (_, i) => i);
    u8.set(long, 400);
    assert.deepEqual([...m.logAt(100, 200, 1, 400, 200).data], [...long]);
  });

  it('a packed log serialises and copies as the plain log it stands for', () => {
    const m = new WasmMemory();
    m.attach(new WebAssembly.Memory({ initial: 1 }));
    m.bytes().fill(7, 100, 120);
    m.writeWord(200, 5n);
    m.bytes().set([1, 2], 300);
    const log = m.logAt(100, 200, 1, 300, 2);
    const plain = plainLog(log);
    assert.deepEqual(Object.keys(plain).sort(), ['address', 'data', 'topics']);
    assert.deepEqual(plain, { address: new Uint8Array(20).fill(7), topics: [Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 5 : 0))], data: Uint8Array.of(1, 2) });
    assert.deepEqual(structuredClone(plain), plain);
    const hex = (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
    assert.equal(JSON.stringify(log, hex), JSON.stringify(plain, hex));
    assert.equal(plainLog(plain), plain, 'a plain log is returned as it is');
  });
});

// src/wasm/codec.ts: words cross between the host and the core as 32 little-endian bytes.
import assert from 'node:assert/strict';
import { WasmMemory, KeyCache } from '../../../dist/wasm/codec.js';
import { hex20 } from '../../../dist/bytes.js';
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

  it('writes a negative value as its two\'s complement (modulo 2^256)', () => {
    const m = memory();
    for (const v of [-1n, -(1n << 64n), -(1n << 130n) - 9n]) {
      m.writeWord(0, v);
      assert.equal(m.readWord(0), BigInt.asUintN(256, v));
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

describe('wasm/codec: WasmMemory.copyOut', () => {
  it('copies bytes out (a copy: later writes to the memory do not show), none as a new empty array each time', () => {
    const m = memory();
    m.bytes().set([1, 2, 3, 4, 5], 100);
    const out = m.copyOut(101, 3);
    m.bytes().fill(0, 100, 105);
    assert.deepEqual(out, Uint8Array.of(2, 3, 4));
    const a = m.copyOut(7, 0), b = m.copyOut(7, 0);
    assert.equal(a.length, 0);
    assert.ok(a instanceof Uint8Array && a !== b);
    const long = m.copyOut(0, 200); // (over 64 bytes: a backing store of its own)
    assert.equal(long.length, 200);
  });
});

describe('wasm/codec: WasmMemory state keys', () => {
  // a deterministic stream of bytes (xorshift), so a failure repeats
  let seed = 0x2545f491;
  const nextByte = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return seed & 0xff; };

  it('spells every address and slot right, far more of them than the cache holds, and again after the cache moved on', () => {
    const m = memory();
    const u8 = m.bytes();
    const addresses = [], slots = [];
    for (let i = 0; i < 20000; i++) {
      const a = Uint8Array.from({ length: 20 }, nextByte), w = Uint8Array.from({ length: 32 }, nextByte);
      // small slot numbers, as most contracts use, share most of their bytes
      if (i % 4 === 0) { w.fill(0); w[0] = i & 0xff; w[1] = (i >> 8) & 0xff; }
      addresses.push(a); slots.push(w);
    }
    const check = () => {
      for (let i = 0; i < addresses.length; i++) {
        u8.set(addresses[i], 1000);
        assert.equal(m.addressKey(1000), Buffer.from(addresses[i]).toString('hex'));
        u8.set(slots[i], 2000 + (i % 3)); // (aligned or not)
        assert.equal(m.wordKey(2000 + (i % 3)), Buffer.from(slots[i]).reverse().toString('hex'));
      }
    };
    check();
    check();
  });

  it('gives the same string for the same bytes, wherever they are, and a new one for bytes one bit apart', () => {
    const m = memory();
    const u8 = m.bytes();
    const w = Uint8Array.from({ length: 32 }, nextByte);
    u8.set(w, 64);
    u8.set(w, 512);
    const first = m.wordKey(64);
    assert.equal(m.wordKey(512), first);
    u8[64 + 31] ^= 1; // the highest byte, the first digits
    const other = m.wordKey(64);
    assert.notEqual(other, first);
    assert.equal(other, Buffer.from(u8.subarray(64, 96)).reverse().toString('hex'));
    assert.equal(m.wordKey(512), first);
    u8.set(w.subarray(0, 20), 128);
    assert.equal(m.addressKey(128), Buffer.from(w.subarray(0, 20)).toString('hex'));
    u8[128 + 19] ^= 0x80;
    assert.equal(m.addressKey(128), Buffer.from(u8.subarray(128, 148)).toString('hex'));
  });

  it('a key of bytes outside the memory (KeyCache.keyOfBytes) spells them, the same string each time they come back', () => {
    const keys = new KeyCache(5, hex20);
    const a = Uint8Array.from({ length: 20 }, nextByte), b = a.slice(), padded = new Uint8Array(25);
    padded.set(a, 5);
    const first = keys.keyOfBytes(a, 0);
    assert.equal(first, Buffer.from(a).toString('hex'));
    assert.equal(keys.keyOfBytes(b, 0), first);
    assert.equal(keys.keyOfBytes(padded, 5), first);
    b[19] ^= 1;
    assert.equal(keys.keyOfBytes(b, 0), Buffer.from(b).toString('hex'));
    assert.equal(keys.keyOfBytes(a, 0), first);
  });

  it('two keys that differ in one word only and meet in the cache are told apart (every word is compared)', () => {
    // the same bytes but the last word: among 40,000 such pairs many share a cache entry (one in 4,096 does)
    const m = memory();
    const u8 = m.bytes(), dv = new DataView(u8.buffer);
    for (let t = 1; t <= 40000; t++) {
      u8.fill(0x5a, 0, 32); dv.setUint32(28, 0, true);
      assert.equal(m.wordKey(0), '00000000' + '5a'.repeat(28));
      dv.setUint32(28, t, true);
      assert.equal(m.wordKey(0), t.toString(16).padStart(8, '0') + '5a'.repeat(28));
      u8.fill(0x3c, 100, 120); dv.setUint32(116, 0, true);
      assert.equal(m.addressKey(100), '3c'.repeat(16) + '00000000');
      dv.setUint32(116, t, true);
      assert.equal(m.addressKey(100), '3c'.repeat(16) + Buffer.from(u8.subarray(116, 120)).toString('hex'));
    }
  });

  it('keys stay right after the memory grows (the views are rebuilt)', () => {
    const m = memory();
    m.bytes().fill(0xab, 0, 32);
    assert.equal(m.wordKey(0), 'ab'.repeat(32));
    m.ensure(200000);
    m.bytes().fill(0xcd, 150000, 150032);
    assert.equal(m.wordKey(150000), 'cd'.repeat(32));
    assert.equal(m.wordKey(0), 'ab'.repeat(32));
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

  it('logs share chunks without overlapping: each keeps its bytes as later logs are copied, across chunks and past the size of a chunk', () => {
    const m = memory();
    const u8 = m.bytes();
    const logs = [];
    for (let i = 0; i < 600; i++) {
      u8.fill(i & 0xff, 100, 120);
      m.writeWord(200, BigInt(i));
      const len = i === 300 ? 40000 : i % 97; // one log longer than a chunk
      for (let k = 0; k < len; k++) u8[1000 + k] = (i + k) & 0xff;
      logs.push({ i, len, log: m.logAt(100, 200, i % 3, 1000, len) });
    }
    for (const { i, len, log } of logs) {
      assert.deepEqual([...log.address], new Array(20).fill(i & 0xff), `log ${i}: address`);
      assert.equal(log.topics.length, i % 3);
      if (i % 3) assert.equal(BigInt('0x' + Buffer.from(log.topics[0]).toString('hex')), BigInt(i), `log ${i}: topic`);
      assert.equal(log.data.length, len);
      for (let k = 0; k < len; k++) if (log.data[k] !== ((i + k) & 0xff)) assert.fail(`log ${i}: data byte ${k}`);
      assert.equal(log.bytes.length, 20 + 32 * (i % 3) + len);
    }
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

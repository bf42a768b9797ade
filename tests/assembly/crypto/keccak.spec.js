import assert from 'node:assert/strict';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { loadTestWasm } from '../../helpers/wasm.js';

const OUT = 65536;

// Small seeded PRNG (mulberry32) so failures are reproducible.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rand, n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (rand() * 256) | 0;
  return b;
}

const hex = (b) => Buffer.from(b).toString('hex');

describe('assembly/crypto/keccak', () => {
  let w, mem, base;
  const digest = (data) => {
    mem().set(data, base);
    w.hash(data.length);
    return mem().slice(base + OUT, base + OUT + 32);
  };

  before(() => {
    w = loadTestWasm('hashes');
    base = w.scratch();
    mem = () => new Uint8Array(w.memory.buffer);
  });

  it('hashes the empty input to the known digest', () => {
    assert.equal(hex(digest(new Uint8Array(0))),
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it('matches known ASCII vectors', () => {
    assert.equal(hex(digest(new TextEncoder().encode('abc'))),
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });

  it('matches noble keccak_256 for every length 0..600', () => {
    const rand = rng(0xc0ffee);
    for (let len = 0; len <= 600; len++) {
      const data = randomBytes(rand, len);
      assert.equal(hex(digest(data)), hex(keccak_256(data)), `length ${len}`);
    }
  });

  it('matches noble keccak_256 for random lengths up to 20,000', () => {
    const rand = rng(12345);
    for (let i = 0; i < 200; i++) {
      const len = (rand() * 20001) | 0;
      const data = randomBytes(rand, len);
      assert.equal(hex(digest(data)), hex(keccak_256(data)), `length ${len}`);
    }
  });

  it('matches around rate boundaries with all-0xff contents', () => {
    for (const len of [134, 135, 136, 137, 271, 272, 273, 136 * 10]) {
      const data = new Uint8Array(len).fill(0xff);
      assert.equal(hex(digest(data)), hex(keccak_256(data)), `length ${len}`);
    }
  });

  it('handles unaligned source/destination and in-place hashing', () => {
    const rand = rng(7);
    for (const off of [1, 3, 5, 7]) {
      const len = 300 + off;
      const data = randomBytes(rand, len);
      mem().set(data, base + off);
      w.keccak(base + off, len, base + OUT + off);
      assert.equal(hex(mem().slice(base + OUT + off, base + OUT + off + 32)), hex(keccak_256(data)));
      // dst overlapping src
      w.keccak(base + off, len, base + off + 10);
      assert.equal(hex(mem().slice(base + off + 10, base + off + 42)), hex(keccak_256(data)));
    }
  });
});

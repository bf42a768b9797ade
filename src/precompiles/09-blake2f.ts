/**
 * 0x09 BLAKE2F (EIP-152): the BLAKE2b compression function F with a caller-chosen round count.
 *
 * Input (exactly 213 bytes): rounds (4, big-endian) | h (8 × u64 LE) | m (16 × u64 LE) |
 * t (2 × u64 LE) | f (1 byte, 0 or 1). Output: the new h (64 bytes). Gas: one per round.
 *
 * 64-bit words are kept as (lo, hi) pairs of uint32 so no BigInt is involved in the rounds.
 */
import { Fork } from '../forks.js';
import { type PrecompileSpec } from './util.js';

export const BLAKE2F_INPUT_LENGTH = 213;

// BLAKE2b IV as (lo, hi) pairs.
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

const SIGMA: number[][] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
// Message word offsets (×2 for the lo/hi layout), flattened per round.
const SIGMA2 = new Uint8Array(SIGMA.flat().map((i) => i * 2));

/**
 * The mixing function G on words a, b, c, d of `v` (indices already ×2) with message words at
 * m[x], m[y] (indices ×2).
 */
function G(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  let al = v[a], ah = v[a + 1];
  let bl = v[b], bh = v[b + 1];
  let cl = v[c], ch = v[c + 1];
  let dl = v[d], dh = v[d + 1];
  let t: number, tl: number, th: number;

  // a = a + b + m[x]
  t = al + bl;
  ah = (ah + bh + (t > 0xffffffff ? 1 : 0)) >>> 0;
  al = t >>> 0;
  t = al + m[x];
  ah = (ah + m[x + 1] + (t > 0xffffffff ? 1 : 0)) >>> 0;
  al = t >>> 0;
  // d = rotr64(d ^ a, 32)
  tl = (dl ^ al) >>> 0;
  th = (dh ^ ah) >>> 0;
  dl = th;
  dh = tl;
  // c = c + d
  t = cl + dl;
  ch = (ch + dh + (t > 0xffffffff ? 1 : 0)) >>> 0;
  cl = t >>> 0;
  // b = rotr64(b ^ c, 24)
  tl = bl ^ cl;
  th = bh ^ ch;
  bl = ((tl >>> 24) | (th << 8)) >>> 0;
  bh = ((th >>> 24) | (tl << 8)) >>> 0;
  // a = a + b + m[y]
  t = al + bl;
  ah = (ah + bh + (t > 0xffffffff ? 1 : 0)) >>> 0;
  al = t >>> 0;
  t = al + m[y];
  ah = (ah + m[y + 1] + (t > 0xffffffff ? 1 : 0)) >>> 0;
  al = t >>> 0;
  // d = rotr64(d ^ a, 16)
  tl = dl ^ al;
  th = dh ^ ah;
  dl = ((tl >>> 16) | (th << 16)) >>> 0;
  dh = ((th >>> 16) | (tl << 16)) >>> 0;
  // c = c + d
  t = cl + dl;
  ch = (ch + dh + (t > 0xffffffff ? 1 : 0)) >>> 0;
  cl = t >>> 0;
  // b = rotr64(b ^ c, 63) = rotl64(b ^ c, 1)
  tl = bl ^ cl;
  th = bh ^ ch;
  bl = ((tl << 1) | (th >>> 31)) >>> 0;
  bh = ((th << 1) | (tl >>> 31)) >>> 0;

  v[a] = al; v[a + 1] = ah;
  v[b] = bl; v[b + 1] = bh;
  v[c] = cl; v[c + 1] = ch;
  v[d] = dl; v[d + 1] = dh;
}

/**
 * BLAKE2b F. `h` (16 uint32, lo/hi pairs) is updated in place; `m` is 32 uint32, `t` 4 uint32.
 */
export function blake2bCompress(rounds: number, h: Uint32Array, m: Uint32Array, t: Uint32Array, last: boolean): void {
  const v = new Uint32Array(32);
  v.set(h, 0);
  v.set(IV, 16);
  v[24] ^= t[0];
  v[25] ^= t[1];
  v[26] ^= t[2];
  v[27] ^= t[3];
  if (last) {
    v[28] = ~v[28] >>> 0;
    v[29] = ~v[29] >>> 0;
  }
  for (let r = 0; r < rounds; r++) {
    const o = (r % 10) * 16;
    const s = SIGMA2;
    G(v, m, 0, 8, 16, 24, s[o], s[o + 1]);
    G(v, m, 2, 10, 18, 26, s[o + 2], s[o + 3]);
    G(v, m, 4, 12, 20, 28, s[o + 4], s[o + 5]);
    G(v, m, 6, 14, 22, 30, s[o + 6], s[o + 7]);
    G(v, m, 0, 10, 20, 30, s[o + 8], s[o + 9]);
    G(v, m, 2, 12, 22, 24, s[o + 10], s[o + 11]);
    G(v, m, 4, 14, 16, 26, s[o + 12], s[o + 13]);
    G(v, m, 6, 8, 18, 28, s[o + 14], s[o + 15]);
  }
  for (let i = 0; i < 16; i++) h[i] = (h[i] ^ v[i] ^ v[i + 16]) >>> 0;
}

function readU32LE(b: Uint8Array, off: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const o = off + 4 * i;
    out[i] = (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  }
  return out;
}

/** Rounds field of a BLAKE2F input (0 when the input is malformed, the call then fails anyway). */
export function blake2fRounds(input: Uint8Array): number {
  if (input.length !== BLAKE2F_INPUT_LENGTH) return 0;
  return ((input[0] << 24) | (input[1] << 16) | (input[2] << 8) | input[3]) >>> 0;
}

export function blake2f(input: Uint8Array): Uint8Array | null {
  if (input.length !== BLAKE2F_INPUT_LENGTH) return null;
  const f = input[212];
  if (f !== 0 && f !== 1) return null;
  const rounds = blake2fRounds(input);
  const h = readU32LE(input, 4, 16);
  const m = readU32LE(input, 68, 32);
  const t = readU32LE(input, 196, 4);
  blake2bCompress(rounds, h, m, t, f === 1);
  const out = new Uint8Array(64);
  for (let i = 0; i < 16; i++) {
    const w = h[i];
    out[4 * i] = w & 0xff;
    out[4 * i + 1] = (w >>> 8) & 0xff;
    out[4 * i + 2] = (w >>> 16) & 0xff;
    out[4 * i + 3] = w >>> 24;
  }
  return out;
}

export const blake2fPrecompile: PrecompileSpec = {
  address: 0x09,
  name: 'BLAKE2F',
  since: Fork.Istanbul,
  gas: (input) => BigInt(blake2fRounds(input)),
  run: (input) => blake2f(input),
};

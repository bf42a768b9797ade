// Keccak-256 (the original Keccak padding used by Ethereum, not FIPS-202 SHA3-256).
// Allocation-free: works directly on linear memory; state lives in Wasm locals.

/** Rate of Keccak-256 in bytes (1600 - 2*256 bits). */
const RATE: usize = 136;

/** keccak-f[1600] round constants. */
const RC: usize = memory.data<u64>([
  0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
  0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
  0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
], 8);

/** Scratch block for the final (padded) partial block. */
const PAD: usize = memory.data(<i32>RATE, 8);

/**
 * Computes Keccak-256 of `len` bytes at `src` and writes the 32-byte digest at `dst`.
 * `dst` may overlap `src`.
 */
export function keccak256(src: usize, len: usize, dst: usize): void {
  sponge(src, len, 0, dst);
}

/** Absorbs `len` bytes at `src` (a multiple of the rate, 136) into the 25 lanes at `state` (200 bytes). */
export function keccakAbsorb(src: usize, len: usize, state: usize): void {
  sponge(src, len, state, 0);
}

/** Absorbs the last `len` bytes of a message into the lanes at `state`, pads, and writes the digest at `dst`. */
export function keccakFinish(src: usize, len: usize, state: usize, dst: usize): void {
  sponge(src, len, state, dst);
}

/**
 * The sponge: from the lanes at `state` (zero when `state` is 0) absorbs `len` bytes at `src`; with a `dst`,
 * pads and writes the digest there, without one (only whole blocks then) leaves the lanes at `state`.
 */
function sponge(src: usize, len: usize, state: usize, dst: usize): void {
  let a0: u64 = 0, a1: u64 = 0, a2: u64 = 0, a3: u64 = 0, a4: u64 = 0;
  let a5: u64 = 0, a6: u64 = 0, a7: u64 = 0, a8: u64 = 0, a9: u64 = 0;
  let a10: u64 = 0, a11: u64 = 0, a12: u64 = 0, a13: u64 = 0, a14: u64 = 0;
  let a15: u64 = 0, a16: u64 = 0, a17: u64 = 0, a18: u64 = 0, a19: u64 = 0;
  let a20: u64 = 0, a21: u64 = 0, a22: u64 = 0, a23: u64 = 0, a24: u64 = 0;
  if (state != 0) {
    a0 = load<u64>(state, 0); a1 = load<u64>(state, 8); a2 = load<u64>(state, 16); a3 = load<u64>(state, 24); a4 = load<u64>(state, 32);
    a5 = load<u64>(state, 40); a6 = load<u64>(state, 48); a7 = load<u64>(state, 56); a8 = load<u64>(state, 64); a9 = load<u64>(state, 72);
    a10 = load<u64>(state, 80); a11 = load<u64>(state, 88); a12 = load<u64>(state, 96); a13 = load<u64>(state, 104); a14 = load<u64>(state, 112);
    a15 = load<u64>(state, 120); a16 = load<u64>(state, 128); a17 = load<u64>(state, 136); a18 = load<u64>(state, 144); a19 = load<u64>(state, 152);
    a20 = load<u64>(state, 160); a21 = load<u64>(state, 168); a22 = load<u64>(state, 176); a23 = load<u64>(state, 184); a24 = load<u64>(state, 192);
  }
  let b0: u64, b1: u64, b2: u64, b3: u64, b4: u64;
  let b5: u64, b6: u64, b7: u64, b8: u64, b9: u64;
  let b10: u64, b11: u64, b12: u64, b13: u64, b14: u64;
  let b15: u64, b16: u64, b17: u64, b18: u64, b19: u64;
  let b20: u64, b21: u64, b22: u64, b23: u64, b24: u64;
  let c0: u64, c1: u64, c2: u64, c3: u64, c4: u64;
  let d0: u64, d1: u64, d2: u64, d3: u64, d4: u64;

  let p = src;
  let n = len;
  let last = false;
  while (true) {
    let blk: usize = 0;
    if (n >= RATE) {
      blk = p;
      p += RATE;
      n -= RATE;
    } else if (dst == 0) {
      break; // (absorbing only: the lanes go back to `state` below)
    } else {
      // Final block: remaining bytes, then 0x01 ... 0x80 (Keccak pad10*1, no SHA3 domain bits).
      memory.copy(PAD, p, n);
      memory.fill(PAD + n, 0, RATE - n);
      store<u8>(PAD + n, 0x01);
      store<u8>(PAD + RATE - 1, load<u8>(PAD + RATE - 1) | 0x80);
      blk = PAD;
      last = true;
    }
    a0 ^= load<u64>(blk, 0);
    a1 ^= load<u64>(blk, 8);
    a2 ^= load<u64>(blk, 16);
    a3 ^= load<u64>(blk, 24);
    a4 ^= load<u64>(blk, 32);
    a5 ^= load<u64>(blk, 40);
    a6 ^= load<u64>(blk, 48);
    a7 ^= load<u64>(blk, 56);
    a8 ^= load<u64>(blk, 64);
    a9 ^= load<u64>(blk, 72);
    a10 ^= load<u64>(blk, 80);
    a11 ^= load<u64>(blk, 88);
    a12 ^= load<u64>(blk, 96);
    a13 ^= load<u64>(blk, 104);
    a14 ^= load<u64>(blk, 112);
    a15 ^= load<u64>(blk, 120);
    a16 ^= load<u64>(blk, 128);

    // keccak-f[1600]: 24 rounds, each round's theta/rho/pi/chi/iota fully unrolled.
    for (let r: usize = 0; r < 24 * 8; r += 8) {
      c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
      c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
      c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
      c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
      c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
      d0 = c4 ^ rotl<u64>(c1, 1);
      d1 = c0 ^ rotl<u64>(c2, 1);
      d2 = c1 ^ rotl<u64>(c3, 1);
      d3 = c2 ^ rotl<u64>(c4, 1);
      d4 = c3 ^ rotl<u64>(c0, 1);
      b0 = a0 ^ d0;
      b10 = rotl<u64>(a1 ^ d1, 1);
      b20 = rotl<u64>(a2 ^ d2, 62);
      b5 = rotl<u64>(a3 ^ d3, 28);
      b15 = rotl<u64>(a4 ^ d4, 27);
      b16 = rotl<u64>(a5 ^ d0, 36);
      b1 = rotl<u64>(a6 ^ d1, 44);
      b11 = rotl<u64>(a7 ^ d2, 6);
      b21 = rotl<u64>(a8 ^ d3, 55);
      b6 = rotl<u64>(a9 ^ d4, 20);
      b7 = rotl<u64>(a10 ^ d0, 3);
      b17 = rotl<u64>(a11 ^ d1, 10);
      b2 = rotl<u64>(a12 ^ d2, 43);
      b12 = rotl<u64>(a13 ^ d3, 25);
      b22 = rotl<u64>(a14 ^ d4, 39);
      b23 = rotl<u64>(a15 ^ d0, 41);
      b8 = rotl<u64>(a16 ^ d1, 45);
      b18 = rotl<u64>(a17 ^ d2, 15);
      b3 = rotl<u64>(a18 ^ d3, 21);
      b13 = rotl<u64>(a19 ^ d4, 8);
      b14 = rotl<u64>(a20 ^ d0, 18);
      b24 = rotl<u64>(a21 ^ d1, 2);
      b9 = rotl<u64>(a22 ^ d2, 61);
      b19 = rotl<u64>(a23 ^ d3, 56);
      b4 = rotl<u64>(a24 ^ d4, 14);
      a0 = b0 ^ (~b1 & b2);
      a1 = b1 ^ (~b2 & b3);
      a2 = b2 ^ (~b3 & b4);
      a3 = b3 ^ (~b4 & b0);
      a4 = b4 ^ (~b0 & b1);
      a5 = b5 ^ (~b6 & b7);
      a6 = b6 ^ (~b7 & b8);
      a7 = b7 ^ (~b8 & b9);
      a8 = b8 ^ (~b9 & b5);
      a9 = b9 ^ (~b5 & b6);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
      a0 ^= load<u64>(RC + r);
    }
    if (last) break;
  }
  if (dst == 0) {
    store<u64>(state, a0, 0); store<u64>(state, a1, 8); store<u64>(state, a2, 16); store<u64>(state, a3, 24); store<u64>(state, a4, 32);
    store<u64>(state, a5, 40); store<u64>(state, a6, 48); store<u64>(state, a7, 56); store<u64>(state, a8, 64); store<u64>(state, a9, 72);
    store<u64>(state, a10, 80); store<u64>(state, a11, 88); store<u64>(state, a12, 96); store<u64>(state, a13, 104); store<u64>(state, a14, 112);
    store<u64>(state, a15, 120); store<u64>(state, a16, 128); store<u64>(state, a17, 136); store<u64>(state, a18, 144); store<u64>(state, a19, 152);
    store<u64>(state, a20, 160); store<u64>(state, a21, 168); store<u64>(state, a22, 176); store<u64>(state, a23, 184); store<u64>(state, a24, 192);
    return;
  }
  store<u64>(dst, a0, 0);
  store<u64>(dst, a1, 8);
  store<u64>(dst, a2, 16);
  store<u64>(dst, a3, 24);
}

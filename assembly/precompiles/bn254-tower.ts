// alt_bn128's extension fields for the pairing (EIP-197), on weierstrass.ts's field in Montgomery form:
//   Fp2  = Fp[i]  / (i^2 + 1)     a0 + a1 i            64 bytes (a0 at 0, a1 at 32)
//   Fp6  = Fp2[v] / (v^3 - ξ)     c0 + c1 v + c2 v^2   192 bytes, ξ = 9 + i
//   Fp12 = Fp6[w] / (w^2 - v)     g + h w              384 bytes (g at 0, h at 192)
// so an Fp12 element is Σ c_j w^j with c_0..c_5 = g0, h0, g1, h1, g2, h2. Every function may write its
// result over an argument. Each level has its own scratch, so the levels nest; none is re-entrant.
import { isZero } from '../u256';
import { fmul, fadd, fsub, fneg } from './weierstrass';
import { ONE, finv } from './bn254';

/**
 * Frobenius coefficients, Montgomery form: γ1_j = ξ^(j(p-1)/6) in Fp2 for j = 1..5, then γ2_j =
 * ξ^(j(p^2-1)/6) for j = 1..5, which lie in Fp (stored as Fp2 with a zero imaginary part). (w^j)^p =
 * γ1_j w^j and (w^j)^(p^2) = γ2_j w^j.
 */
const FROBENIUS: usize = memory.data<u64>([
  0xAF9BA69633144907, 0xCA6B1D7387AFB78A, 0x11BDED5EF08A2087, 0x02F34D751A1F3A7C, 0xA222AE234C492D72, 0xD00F02A4565DE15B, 0xDC2FF3A253DFC926, 0x10A75716B3899551,
  0xB5773B104563AB30, 0x347F91C8A9AA6454, 0x7A007127242E0991, 0x1956BCD8118214EC, 0x6E849F1EA0AA4757, 0xAA1C7B6D89F89141, 0xB6E713CDFAE0CA3A, 0x26694FBB4E82EBC3,
  0xE4BBDD0C2936B629, 0xBB30F162E133BACB, 0x31A9D1B6F9645366, 0x253570BEA500F8DD, 0xA1D77CE45FFE77C7, 0x07AFFD117826D1DB, 0x6D16BD27BB7EDC6B, 0x2C87200285DEFECC,
  0x7361D77F843ABE92, 0xA5BB2BD3273411FB, 0x9C941F314B3E2399, 0x15DF9CDDBB9FD3EC, 0x5DDDFD154BD8C949, 0x62CB29A5A4445B60, 0x37BC870A0C7DD2B9, 0x24830A9D3171F0FD,
  0xC970692F41690FE7, 0xE240342127694B0B, 0x32BEE66B83C459E8, 0x12AABCED0AB08841, 0x0D485D2340AEBFA9, 0x05193418AB2FCC57, 0xD3B0A40B8A4910F5, 0x2F21EBB535D2925A,
  0xCA8D800500FA1BF2, 0xF0C5D61468B39769, 0x0E201271AD0D4418, 0x04290F65BAD856E6, 0, 0, 0, 0,
  0x3350C88E13E80B9C, 0x7DCE557CDB5E56B9, 0x6001B4B8B615564A, 0x2682E617020217E0, 0, 0, 0, 0,
  0x68C3488912EDEFAA, 0x8D087F6872AABF4F, 0x51E1A24709081231, 0x2259D6B14729C0FA, 0, 0, 0, 0,
  0x71930C11D782E155, 0xA6BB947CFFBE3323, 0xAA303344D4741444, 0x2C3B3F0D26594943, 0, 0, 0, 0,
  0x08CFC388C494F1AB, 0x19B315148D1373D4, 0x584E90FDCB6C0213, 0x09E1685BDF2F8849, 0, 0, 0, 0,
], 16);

/** γ1_j (j = 1..5). */
// @ts-ignore: decorator
@inline
export function gamma1(j: usize): usize { return FROBENIUS + (j - 1) * 64; }

/** γ2_j (j = 1..5), an Fp element. */
// @ts-ignore: decorator
@inline
export function gamma2(j: usize): usize { return FROBENIUS + (j + 4) * 64; }

// --- Fp2 ---------------------------------------------------------------------------------------------

const S2: usize = memory.data(32 * 4, 16);

export function f2add(a: usize, b: usize, r: usize): void { fadd(a, b, r); fadd(a + 32, b + 32, r + 32); }
export function f2sub(a: usize, b: usize, r: usize): void { fsub(a, b, r); fsub(a + 32, b + 32, r + 32); }
export function f2neg(a: usize, r: usize): void { fneg(a, r); fneg(a + 32, r + 32); }
export function f2conj(a: usize, r: usize): void { memory.copy(r, a, 32); fneg(a + 32, r + 32); }
export function f2copy(a: usize, r: usize): void { memory.copy(r, a, 64); }
export function f2isZero(a: usize): bool { return isZero(a) && isZero(a + 32); }
export function f2equal(a: usize, b: usize): bool { return memory.compare(a, b, 64) == 0; }
export function f2setOne(r: usize): void { memory.copy(r, ONE, 32); memory.fill(r + 32, 0, 32); }

/** r = a · s for s in Fp. */
export function f2scale(a: usize, s: usize, r: usize): void { fmul(a, s, r); fmul(a + 32, s, r + 32); }

/** r = a · b (Karatsuba: three multiplications). */
export function f2mul(a: usize, b: usize, r: usize): void {
  const t0 = S2, t1 = S2 + 32, s = S2 + 64, u = S2 + 96;
  fmul(a, b, t0);
  fmul(a + 32, b + 32, t1);
  fadd(a, a + 32, s);
  fadd(b, b + 32, u);
  fmul(s, u, s);
  fsub(s, t0, s);
  fsub(s, t1, r + 32);
  fsub(t0, t1, r);
}

/** r = a^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 i. */
export function f2sqr(a: usize, r: usize): void {
  const s = S2, d = S2 + 32, m = S2 + 64;
  fadd(a, a + 32, s);
  fsub(a, a + 32, d);
  fmul(a, a + 32, m);
  fmul(s, d, r);
  fadd(m, m, r + 32);
}

/** r = a · ξ = (9 a0 - a1) + (a0 + 9 a1) i. */
export function f2mulXi(a: usize, r: usize): void {
  const n0 = S2, n1 = S2 + 32, x = S2 + 64;
  fadd(a, a, n0); fadd(n0, n0, n0); fadd(n0, n0, n0); fadd(n0, a, n0);
  fadd(a + 32, a + 32, n1); fadd(n1, n1, n1); fadd(n1, n1, n1); fadd(n1, a + 32, n1);
  fsub(n0, a + 32, x);
  fadd(a, n1, r + 32);
  memory.copy(r, x, 32);
}

/** r = 1/a (a ≠ 0) = conj(a) / (a0^2 + a1^2). */
export function f2inv(a: usize, r: usize): void {
  const n = S2, t = S2 + 32;
  fmul(a, a, n);
  fmul(a + 32, a + 32, t);
  fadd(n, t, n);
  finv(n, n);
  fmul(a, n, r);
  fmul(a + 32, n, r + 32);
  fneg(r + 32, r + 32);
}

// --- Fp6 ---------------------------------------------------------------------------------------------

const S6: usize = memory.data(64 * 7, 16);

export function f6add(a: usize, b: usize, r: usize): void { f2add(a, b, r); f2add(a + 64, b + 64, r + 64); f2add(a + 128, b + 128, r + 128); }
export function f6sub(a: usize, b: usize, r: usize): void { f2sub(a, b, r); f2sub(a + 64, b + 64, r + 64); f2sub(a + 128, b + 128, r + 128); }
export function f6neg(a: usize, r: usize): void { f2neg(a, r); f2neg(a + 64, r + 64); f2neg(a + 128, r + 128); }

/** r = a · b (Karatsuba: six Fp2 multiplications). */
export function f6mul(a: usize, b: usize, r: usize): void {
  const t0 = S6, t1 = S6 + 64, t2 = S6 + 128, s = S6 + 192, u = S6 + 256, c0 = S6 + 320, c1 = S6 + 384;
  f2mul(a, b, t0);
  f2mul(a + 64, b + 64, t1);
  f2mul(a + 128, b + 128, t2);
  // c0 = t0 + ξ((a1 + a2)(b1 + b2) - t1 - t2)
  f2add(a + 64, a + 128, s); f2add(b + 64, b + 128, u); f2mul(s, u, s);
  f2sub(s, t1, s); f2sub(s, t2, s); f2mulXi(s, s); f2add(s, t0, c0);
  // c1 = (a0 + a1)(b0 + b1) - t0 - t1 + ξ t2
  f2add(a, a + 64, s); f2add(b, b + 64, u); f2mul(s, u, s);
  f2sub(s, t0, s); f2sub(s, t1, s); f2mulXi(t2, u); f2add(s, u, c1);
  // c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1
  f2add(a, a + 128, s); f2add(b, b + 128, u); f2mul(s, u, s);
  f2sub(s, t0, s); f2sub(s, t2, s); f2add(s, t1, r + 128);
  f2copy(c0, r); f2copy(c1, r + 64);
}

/** r = a · (b0 + b1 v): a line's sparse factor (five Fp2 multiplications). */
export function f6mulSparse01(a: usize, b0: usize, b1: usize, r: usize): void {
  const t0 = S6, t1 = S6 + 64, s = S6 + 192, u = S6 + 256, c0 = S6 + 320, c1 = S6 + 384;
  f2mul(a, b0, t0);
  f2mul(a + 64, b1, t1);
  // c0 = t0 + ξ a2 b1
  f2mul(a + 128, b1, s); f2mulXi(s, s); f2add(s, t0, c0);
  // c1 = (a0 + a1)(b0 + b1) - t0 - t1
  f2add(a, a + 64, s); f2add(b0, b1, u); f2mul(s, u, s); f2sub(s, t0, s); f2sub(s, t1, c1);
  // c2 = a2 b0 + t1
  f2mul(a + 128, b0, s); f2add(s, t1, r + 128);
  f2copy(c0, r); f2copy(c1, r + 64);
}

/** r = a · b for b in Fp2. */
export function f6scale(a: usize, b: usize, r: usize): void { f2mul(a, b, r); f2mul(a + 64, b, r + 64); f2mul(a + 128, b, r + 128); }

/** r = a · v = ξ a2 + a0 v + a1 v^2. */
export function f6mulV(a: usize, r: usize): void {
  const x = S6 + 320;
  f2mulXi(a + 128, x);
  f2copy(a + 64, r + 128);
  f2copy(a, r + 64);
  f2copy(x, r);
}

/** r = 1/a (a ≠ 0). */
export function f6inv(a: usize, r: usize): void {
  const t = S6, c0 = S6 + 64, c1 = S6 + 128, c2 = S6 + 192, n = S6 + 256;
  // c0 = a0^2 - ξ a1 a2, c1 = ξ a2^2 - a0 a1, c2 = a1^2 - a0 a2
  f2mul(a + 64, a + 128, t); f2mulXi(t, t); f2sqr(a, c0); f2sub(c0, t, c0);
  f2sqr(a + 128, t); f2mulXi(t, t); f2mul(a, a + 64, c1); f2sub(t, c1, c1);
  f2sqr(a + 64, t); f2mul(a, a + 128, c2); f2sub(t, c2, c2);
  // n = a0 c0 + ξ(a2 c1 + a1 c2), the norm to Fp2
  f2mul(a + 128, c1, n); f2mul(a + 64, c2, t); f2add(n, t, n); f2mulXi(n, n); f2mul(a, c0, t); f2add(n, t, n);
  f2inv(n, n);
  f2mul(c0, n, r); f2mul(c1, n, r + 64); f2mul(c2, n, r + 128);
}

// --- Fp12 --------------------------------------------------------------------------------------------

const S12: usize = memory.data(192 * 4, 16);

export function f12copy(a: usize, r: usize): void { memory.copy(r, a, 384); }
export function f12setOne(r: usize): void { memory.fill(r, 0, 384); memory.copy(r, ONE, 32); }
export function f12isOne(a: usize): bool {
  if (memory.compare(a, ONE, 32) != 0) return false;
  for (let i: usize = 32; i < 384; i += 8) if (load<u64>(a + i) != 0) return false;
  return true;
}

/** r = conj(a) = g - h w (a^(p^6); the inverse in the cyclotomic subgroup). */
export function f12conj(a: usize, r: usize): void { if (a != r) memory.copy(r, a, 192); f6neg(a + 192, r + 192); }

/** r = a · b (Karatsuba over Fp6: three Fp6 multiplications). */
export function f12mul(a: usize, b: usize, r: usize): void {
  const t0 = S12, t1 = S12 + 192, s = S12 + 384, u = S12 + 576;
  f6mul(a, b, t0);
  f6mul(a + 192, b + 192, t1);
  f6add(a, a + 192, s);
  f6add(b, b + 192, u);
  f6mul(s, u, s);
  f6sub(s, t0, s);
  f6sub(s, t1, r + 192);
  f6mulV(t1, t1);
  f6add(t0, t1, r);
}

/** r = a^2 (complex squaring: two Fp6 multiplications). */
export function f12sqr(a: usize, r: usize): void {
  const ab = S12, s = S12 + 192, u = S12 + 384;
  f6mul(a, a + 192, ab);
  f6add(a, a + 192, s);
  f6mulV(a + 192, u); f6add(a, u, u);
  f6mul(s, u, s);
  f6sub(s, ab, s);
  f6mulV(ab, u); f6sub(s, u, r);
  f6add(ab, ab, r + 192);
}

/** (r0, r1) = (a + b τ)^2 in Fp4 = Fp2[τ]/(τ^2 - ξ): (a^2 + ξ b^2) + ((a + b)^2 - a^2 - b^2) τ. */
function f4sqr(a: usize, b: usize, r0: usize, r1: usize): void {
  const t0 = S12 + 576, t1 = S12 + 640;
  f2sqr(a, t0);
  f2sqr(b, t1);
  f2add(a, b, r1); f2sqr(r1, r1); f2sub(r1, t0, r1); f2sub(r1, t1, r1);
  f2mulXi(t1, t1); f2add(t0, t1, r0);
}

/** r = 3x - 2a (sign = -1) or 3x + 2a (sign = 1), for one coefficient of a cyclotomic square. */
function threeTwo(x: usize, a: usize, sign: i32, r: usize): void {
  const t = S12 + 704;
  if (sign < 0) f2sub(x, a, t); else f2add(x, a, t);
  f2add(t, t, t);
  f2add(t, x, r);
}

/**
 * r = a^2 for a in the cyclotomic subgroup (a^(p^4 - p^2 + 1) = 1: a Miller value after the final
 * exponentiation's easy part), in nine Fp2 squarings against twelve multiplications (Granger and Scott,
 * PKC 2010). Over Fp4 = Fp2[τ], τ = w^3: a = A + B w + C w^2 with A = c0 + c3 τ, B = c1 + c4 τ,
 * C = c2 + c5 τ, and a^2 = (3A^2 - 2Ā) + (3τC^2 + 2B̄) w + (3B^2 - 2C̄) w^2, x̄ = x0 - x1 τ.
 */
export function f12cyclotomicSqr(a: usize, r: usize): void {
  const A2 = S12, B2 = S12 + 128, C2 = S12 + 256; // (two Fp2 values each)
  f4sqr(a, a + 256, A2, A2 + 64);             // c0 = g0, c3 = h1
  f4sqr(a + 192, a + 128, B2, B2 + 64);       // c1 = h0, c4 = g2
  f4sqr(a + 64, a + 320, C2, C2 + 64);        // c2 = g1, c5 = h2
  threeTwo(A2, a, -1, r);                     // c0 = 3 (A^2)_0 - 2 c0
  threeTwo(A2 + 64, a + 256, 1, r + 256);     // c3 = 3 (A^2)_1 + 2 c3
  f2mulXi(C2 + 64, C2 + 64);
  threeTwo(C2 + 64, a + 192, 1, r + 192);     // c1 = 3 ξ (C^2)_1 + 2 c1
  threeTwo(C2, a + 128, -1, r + 128);         // c4 = 3 (C^2)_0 - 2 c4
  threeTwo(B2, a + 64, -1, r + 64);           // c2 = 3 (B^2)_0 - 2 c2
  threeTwo(B2 + 64, a + 320, 1, r + 320);     // c5 = 3 (B^2)_1 + 2 c5
}

/** r = a · (l0 + l1 w + l3 w^3), a line (l: three Fp2 values; thirteen Fp2 multiplications). */
export function f12mulLine(a: usize, l: usize, r: usize): void {
  const t0 = S12, t1 = S12 + 192, s = S12 + 384, u = S12 + 576;
  f6scale(a, l, t0);                           // g · l0
  f6mulSparse01(a + 192, l + 64, l + 128, t1); // h · (l1 + l3 v)
  f6add(a, a + 192, s);
  f2add(l, l + 64, u);
  f6mulSparse01(s, u, l + 128, s);             // (g + h)(l0 + l1 + l3 v)
  f6sub(s, t0, s);
  f6sub(s, t1, r + 192);
  f6mulV(t1, t1);
  f6add(t0, t1, r);
}

/** r = 1/a (a ≠ 0) = (g - h w) / (g^2 - v h^2). */
export function f12inv(a: usize, r: usize): void {
  const t0 = S12, t1 = S12 + 192;
  f6mul(a, a, t0);
  f6mul(a + 192, a + 192, t1);
  f6mulV(t1, t1);
  f6sub(t0, t1, t0);
  f6inv(t0, t0);
  f6mul(a, t0, r);
  f6mul(a + 192, t0, r + 192);
  f6neg(r + 192, r + 192);
}

/** The offset of c_j (the coefficient of w^j) in an Fp12 element. */
// @ts-ignore: decorator
@inline
function coefficient(j: usize): usize { return (j & 1) * 192 + (j >> 1) * 64; }

/** r = a^p: c_j → conj(c_j) γ1_j. */
export function f12frobenius(a: usize, r: usize): void {
  f2conj(a, r);
  for (let j: usize = 1; j < 6; j++) {
    const c = coefficient(j);
    f2conj(a + c, r + c);
    f2mul(r + c, gamma1(j), r + c);
  }
}

/** r = a^(p^2): c_j → c_j γ2_j. */
export function f12frobenius2(a: usize, r: usize): void {
  f2copy(a, r);
  for (let j: usize = 1; j < 6; j++) {
    const c = coefficient(j);
    f2scale(a + c, gamma2(j), r + c);
  }
}

// Test entry for the BLS12-381 base field (assembly/precompiles/bls12-field.ts): the operations on pointers
// into a scratch area, the constants' addresses, and loops for timing without JS call overhead.
// Built to build/testing/bls12.wasm.
import {
  BLS_P, BLS_ONE, BLS_R2, BLS_MINV,
  fpAdd, fpSub, fpNeg, fpDouble, fpMul, fpSqr, fpIsZero, fpEqual, fpCopy, fpInv, fpSqrt, fpPow,
  fpToMont, fpFromMont, fpReadBigEndian, fpWriteBigEndian, fpIsLexLargest,
} from '../precompiles/bls12-field';

export {
  fpAdd, fpSub, fpNeg, fpDouble, fpMul, fpSqr, fpIsZero, fpEqual, fpCopy, fpInv, fpSqrt, fpPow,
  fpToMont, fpFromMont, fpReadBigEndian, fpWriteBigEndian, fpIsLexLargest,
};

/** Inputs and outputs (elements, byte strings, exponents) at offsets the tests choose. */
const SCRATCH: usize = memory.data(8192, 16);

export function scratch(): usize { return SCRATCH; }

/** The constants' addresses, and -p^-1 mod 2^64. */
export function blsP(): usize { return BLS_P; }
export function blsOne(): usize { return BLS_ONE; }
export function blsR2(): usize { return BLS_R2; }
export function blsMinv(): u64 { return BLS_MINV; }

/** a = a * b, n times (a chain: each product waits for the last). */
export function fpMulRepeat(a: usize, b: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) fpMul(a, b, a);
}

/** a = a^2, n times. */
export function fpSqrRepeat(a: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) fpSqr(a, a);
}

/** r = 1/a, n times (a is not changed). */
export function fpInvRepeat(a: usize, r: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) fpInv(a, r);
}

/** r = sqrt(a), n times; returns how many said a is a square. */
export function fpSqrtRepeat(a: usize, r: usize, n: u32): u32 {
  let squares: u32 = 0;
  for (let i: u32 = 0; i < n; i++) squares += <u32>fpSqrt(a, r);
  return squares;
}

/** r = a^e (nbits), n times. */
export function fpPowRepeat(a: usize, e: usize, nbits: i32, r: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) fpPow(a, e, nbits, r);
}
/** a = a^2 * b, n times (squarings and products in turn, as in an exponentiation). */
export function fpSqrMulRepeat(a: usize, b: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) { fpSqr(a, a); fpMul(a, b, a); }
}

/**
 * Shared types and byte helpers for the precompiled contracts.
 *
 * Conventions used by every precompile module:
 * - `gas(input, fork)` returns the cost as a bigint. It must never allocate from a length declared
 *   inside the input (MODEXP declares lengths up to 2^256).
 * - `run(input, fork)` returns the output, or `null` when the call fails (invalid input). A failure
 *   consumes all the gas given to the call, exactly like running out of gas.
 */

export interface PrecompileResult {
  /** false: the call fails and consumes all the gas it was given; output is empty. */
  ok: boolean;
  gasUsed: bigint;
  output: Uint8Array;
}

export interface PrecompileSpec {
  /** Low bytes of the address (the address is otherwise zero). */
  address: number;
  name: string;
  /** First fork (see src/forks.ts) where the precompile exists. */
  since: number;
  gas(input: Uint8Array, fork: number): bigint;
  /** Output bytes, or null for a failed call (all gas consumed). */
  run(input: Uint8Array, fork: number): Uint8Array | null;
}

export { concatBytes, equalBytes } from '../bytes.js';
import { HEX } from '../bytes.js';

export const EMPTY: Uint8Array = new Uint8Array(0);

/** Number of 32-byte words needed for `len` bytes. */
export function words(len: number): bigint {
  return BigInt(Math.ceil(len / 32));
}

/** `len` bytes of `data` starting at `start`, zero-padded past the end of `data`. */
export function readPadded(data: Uint8Array, start: number | bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (typeof start === 'bigint') {
    if (start >= BigInt(data.length)) return out;
    start = Number(start);
  }
  if (start >= data.length) return out;
  out.set(data.subarray(start, Math.min(data.length, start + len)));
  return out;
}

/** Big-endian bytes to bigint (empty → 0n). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let hex = '';
  for (let i = 0; i < b.length; i++) hex += HEX[b[i]];
  return BigInt('0x' + hex);
}

/** The 32-byte big-endian word at `offset` of `data`, zero-padded. */
export function readWord(data: Uint8Array, offset: number | bigint): bigint {
  return bytesToBigInt(readPadded(data, offset, 32));
}

/** bigint to `len` big-endian bytes (the value must fit). */
export function bigIntToBytes(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0 && n > 0n; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** A 32-byte word holding a small value. */
export function word(n: bigint | number): Uint8Array {
  return bigIntToBytes(BigInt(n), 32);
}


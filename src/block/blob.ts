/** Blob gas pricing (EIP-4844) with the per-fork blob schedule (EIP-7691). */
import { Fork } from '../forks.js';

/** Blob schedule per fork: target and max blobs per block, base fee update fraction. */
export function blobSchedule(fork: number): { target: number; max: number; updateFraction: bigint } {
  if (fork >= Fork.Prague) return { target: 6, max: 9, updateFraction: 5007716n }; // EIP-7691
  return { target: 3, max: 6, updateFraction: 3338477n }; // EIP-4844
}

/** EIP-4844 fake_exponential: approximates factor * e^(numerator / denominator). */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let acc = factor * denominator;
  while (acc > 0n) {
    output += acc;
    acc = (acc * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

export const MIN_BLOB_BASE_FEE = 1n;

/** The blob base fee for a block with `excessBlobGas` under `fork`. */
export function blobBaseFee(excessBlobGas: bigint, fork: number): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, blobSchedule(fork).updateFraction);
}

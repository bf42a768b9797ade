// Test entry for the hash and curve primitives (keccak256, EIP-152 blake2f, ECRECOVER, ECADD, ECMUL, ECPAIRING). Built to build/testing/hashes.wasm.
import { keccak256 } from '../crypto/keccak';
import { blake2fPrecompile } from '../precompiles/blake2f';
import { ecrecover as ecrecoverCore } from '../precompiles/secp256k1';
import { ecAdd, ecMul } from '../precompiles/bn254';
import { ecPairing } from '../precompiles/bn254-pairing';

const SCRATCH_SIZE: usize = 65536;
/** [0, 65536): input area; [65536, 65536 + 64): output area. */
const SCRATCH: usize = memory.data(<i32>SCRATCH_SIZE + 64, 16);

/** Pointer to the scratch area (inputs at offset 0, outputs at offset 65536). */
export function scratch(): usize {
  return SCRATCH;
}

/** Pointer to the output area (scratch + 65536). */
export function outPtr(): usize {
  return SCRATCH + SCRATCH_SIZE;
}

/** keccak256(scratch[0..len)) -> scratch + 65536 (32 bytes). */
export function hash(len: usize): void {
  keccak256(SCRATCH, len, SCRATCH + SCRATCH_SIZE);
}

/** keccak256 with explicit pointers (for unaligned / overlapping tests). */
export function keccak(src: usize, len: usize, dst: usize): void {
  keccak256(src, len, dst);
}

/** Repeats keccak256(scratch[0..len)) `times` times (for timing without JS call overhead). */
export function hashRepeat(len: usize, times: u32): void {
  for (let i: u32 = 0; i < times; i++) keccak256(SCRATCH, len, SCRATCH + SCRATCH_SIZE);
}

/** blake2f over scratch[0..len) -> scratch + 65536 (64 bytes); returns gas or -1. */
export function blake2f(len: usize): i64 {
  return blake2fPrecompile(SCRATCH, len, SCRATCH + SCRATCH_SIZE);
}

/** ECRECOVER over scratch[0..len) -> scratch + 65536 (32 bytes); returns 1 when a key was recovered. */
export function ecrecover(len: u32): i32 {
  return ecrecoverCore(SCRATCH, len, SCRATCH + SCRATCH_SIZE) ? 1 : 0;
}

/** ECADD / ECMUL over scratch[0..len) -> scratch + 65536 (64 bytes); returns 1, or 0 for an invalid input. */
export function ecadd(len: u32): i32 { return ecAdd(SCRATCH, len, SCRATCH + SCRATCH_SIZE) ? 1 : 0; }
export function ecmul(len: u32): i32 { return ecMul(SCRATCH, len, SCRATCH + SCRATCH_SIZE) ? 1 : 0; }
export function ecpairing(len: u32): i32 { return ecPairing(SCRATCH, len, SCRATCH + SCRATCH_SIZE) ? 1 : 0; }

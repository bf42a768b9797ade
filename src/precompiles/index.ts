/**
 * Precompiled contracts: the table of addresses with the fork each appears in, its gas function and
 * its implementation, and `runPrecompile` which charges and runs one call.
 *
 *   0x01–0x04  Frontier   ECRECOVER, SHA256, RIPEMD160, IDENTITY
 *   0x05–0x08  Byzantium  MODEXP, ECADD, ECMUL, ECPAIRING (alt_bn128)
 *   0x09       Istanbul   BLAKE2F
 *   0x0a       Cancun     POINT_EVALUATION (KZG)
 *   0x0b–0x11  Prague     EIP-2537 BLS12-381: G1ADD, G1MSM, G2ADD, G2MSM, PAIRING_CHECK, MAP_FP_TO_G1, MAP_FP2_TO_G2
 *   0x100      Osaka      P256VERIFY (EIP-7951)
 *
 * Fork-dependent prices (MODEXP, alt_bn128) live in each precompile's `gas(input, fork)`.
 */
import { ecrecoverPrecompile } from './01-ecrecover.js';
import { sha256Precompile } from './02-sha256.js';
import { ripemd160Precompile } from './03-ripemd160.js';
import { identityPrecompile } from './04-identity.js';
import { modexpPrecompile } from './05-modexp.js';
import { bn254AddPrecompile } from './06-bn254-add.js';
import { bn254MulPrecompile } from './07-bn254-mul.js';
import { bn254PairingPrecompile } from './08-bn254-pairing.js';
import { blake2fPrecompile } from './09-blake2f.js';
import { pointEvaluationPrecompile } from './0a-point-evaluation.js';
import { blsG1AddPrecompile } from './0b-bls12-g1add.js';
import { blsG1MsmPrecompile } from './0c-bls12-g1msm.js';
import { blsG2AddPrecompile } from './0d-bls12-g2add.js';
import { blsG2MsmPrecompile } from './0e-bls12-g2msm.js';
import { blsPairingPrecompile } from './0f-bls12-pairing.js';
import { blsMapFpToG1Precompile } from './10-bls12-map-fp-to-g1.js';
import { blsMapFp2ToG2Precompile } from './11-bls12-map-fp2-to-g2.js';
import { p256VerifyPrecompile } from './100-p256verify.js';
import { EMPTY, type PrecompileResult, type PrecompileSpec } from './util.js';

export type { PrecompileResult, PrecompileSpec } from './util.js';
export { preloadKzg } from './0a-point-evaluation.js';

/** All precompiles, in address order. */
export const PRECOMPILES: readonly PrecompileSpec[] = [
  ecrecoverPrecompile,
  sha256Precompile,
  ripemd160Precompile,
  identityPrecompile,
  modexpPrecompile,
  bn254AddPrecompile,
  bn254MulPrecompile,
  bn254PairingPrecompile,
  blake2fPrecompile,
  pointEvaluationPrecompile,
  blsG1AddPrecompile,
  blsG1MsmPrecompile,
  blsG2AddPrecompile,
  blsG2MsmPrecompile,
  blsPairingPrecompile,
  blsMapFpToG1Precompile,
  blsMapFp2ToG2Precompile,
  p256VerifyPrecompile,
];

const BY_ADDRESS = new Map<number, PrecompileSpec>(PRECOMPILES.map((p) => [p.address, p]));

/** The precompile at `address` regardless of fork (undefined if none). */
export function getPrecompile(address: number): PrecompileSpec | undefined {
  return BY_ADDRESS.get(address);
}

/** Addresses (low bytes) of the precompiles active at `fork`, ascending. */
export function precompileAddresses(fork: number): number[] {
  return PRECOMPILES.filter((p) => fork >= p.since).map((p) => p.address);
}

/** Whether the address whose low bytes are `addressLow` (all other bytes zero) is a precompile at `fork`. */
export function isPrecompile(addressLow: number, fork: number): boolean {
  const p = BY_ADDRESS.get(addressLow);
  return p !== undefined && fork >= p.since;
}

function fail(gasLimit: bigint): PrecompileResult {
  return { ok: false, gasUsed: gasLimit, output: EMPTY };
}

/**
 * Runs one precompile call with `gasLimit` gas. The cost is computed first; if it exceeds the
 * limit, or the input is invalid, the call fails with all of `gasLimit` consumed and no output.
 * Throws if `address` is not a precompile at `fork` (the caller decides what is a precompile).
 */
export function runPrecompile(address: number, input: Uint8Array, gasLimit: bigint, fork: number): PrecompileResult {
  const p = BY_ADDRESS.get(address);
  if (p === undefined || fork < p.since) {
    throw new Error(`no precompile at 0x${address.toString(16)} in fork ${fork}`);
  }
  const cost = p.gas(input, fork);
  if (cost > gasLimit) return fail(gasLimit);
  const output = p.run(input, fork);
  if (output === null) return fail(gasLimit);
  return { ok: true, gasUsed: cost, output };
}

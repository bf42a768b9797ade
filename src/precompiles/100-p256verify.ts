/**
 * 0x100 P256VERIFY (EIP-7951, Osaka): ECDSA verification over secp256r1 (NIST P-256).
 *
 * Input (exactly 160 bytes): hash (32) | r (32) | s (32) | qx (32) | qy (32).
 * Output: 32-byte word 1 when the signature is valid; EMPTY output otherwise. The call itself
 * always succeeds and is charged 6900 gas either way (no failure mode besides running out of gas).
 * Checks: 0 < r < n, 0 < s < n, qx < p, qy < p, Q ≠ (0, 0), Q on the curve; then standard ECDSA
 * (R' = (h·s⁻¹)G + (r·s⁻¹)Q must not be infinity and R'.x mod n must equal r). High s is accepted.
 */
import { p256 } from '@noble/curves/nist.js';
import { Fork } from '../forks.js';
import { EMPTY, bytesToBigInt, word, type PrecompileSpec } from './util.js';

const { p: P, n: N, a: A, b: B } = p256.Point.CURVE();
const SUCCESS = word(1);

function onCurve(x: bigint, y: bigint): boolean {
  const lhs = (y * y) % P;
  const rhs = (((x * x) % P) * x + A * x + B) % P;
  return lhs === rhs;
}

export function p256Verify(input: Uint8Array): Uint8Array {
  if (input.length !== 160) return EMPTY;
  const hash = input.subarray(0, 32);
  const r = bytesToBigInt(input.subarray(32, 64));
  const s = bytesToBigInt(input.subarray(64, 96));
  const qx = bytesToBigInt(input.subarray(96, 128));
  const qy = bytesToBigInt(input.subarray(128, 160));
  if (r === 0n || r >= N || s === 0n || s >= N) return EMPTY;
  if (qx >= P || qy >= P) return EMPTY;
  if (qx === 0n && qy === 0n) return EMPTY;
  if (!onCurve(qx, qy)) return EMPTY;
  const pub = new Uint8Array(65);
  pub[0] = 0x04;
  pub.set(input.subarray(96, 160), 1);
  try {
    const ok = p256.verify(input.subarray(32, 96), hash, pub, { prehash: false, lowS: false, format: 'compact' });
    return ok ? SUCCESS.slice() : EMPTY;
  } catch {
    return EMPTY;
  }
}

export const p256VerifyPrecompile: PrecompileSpec = {
  address: 0x100,
  name: 'P256VERIFY',
  since: Fork.Osaka,
  gas: () => 6900n,
  run: (input) => p256Verify(input),
};

/** 0x01 ECRECOVER: secp256k1 public-key recovery (Yellow Paper, appendix E). */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Fork } from '../forks.js';
import { EMPTY, bytesToBigInt, readPadded, type PrecompileSpec } from './util.js';

const N = secp256k1.Point.CURVE().n;

/**
 * Recovers the signer address of `hash` from (v, r, s). Returns the address left-padded to 32 bytes,
 * or an empty array when the signature is invalid (the call still succeeds and is charged).
 */
export function ecrecover(input: Uint8Array): Uint8Array {
  const data = readPadded(input, 0, 128);
  const hash = data.subarray(0, 32);
  const v = bytesToBigInt(data.subarray(32, 64));
  const r = bytesToBigInt(data.subarray(64, 96));
  const s = bytesToBigInt(data.subarray(96, 128));
  if (v !== 27n && v !== 28n) return EMPTY;
  if (r === 0n || r >= N || s === 0n || s >= N) return EMPTY;
  const sig = new Uint8Array(65);
  sig[0] = Number(v - 27n);
  sig.set(data.subarray(64, 128), 1);
  let pub: Uint8Array;
  try {
    const point = secp256k1.Signature.fromBytes(sig, 'recovered').recoverPublicKey(hash);
    pub = point.toBytes(false);
  } catch {
    return EMPTY;
  }
  const out = new Uint8Array(32);
  out.set(keccak_256(pub.subarray(1)).subarray(12), 12);
  return out;
}

export const ecrecoverPrecompile: PrecompileSpec = {
  address: 0x01,
  name: 'ECRECOVER',
  since: Fork.Frontier,
  gas: () => 3000n,
  run: (input) => ecrecover(input),
};

/** Signing hashes and sender recovery (secp256k1) for every transaction type and EIP-7702 authorizations. */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { concatBytes, keccak256 } from '../bytes.js';
import { Fork } from '../forks.js';
import { encode } from '../rlp.js';
import { unsignedFields } from './decode.js';
import type { Authorization, Transaction } from './types.js';

/** Order of the secp256k1 group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = SECP256K1_N / 2n;

/**
 * The hash the sender signs. Legacy: keccak(rlp(6 fields)), or with EIP-155 keccak(rlp(6 fields ++ [chainId, 0, 0]));
 * typed (EIP-2718): keccak(type || rlp(fields without signature)).
 */
export function signingHash(tx: Transaction): Uint8Array {
  const fields = unsignedFields(tx);
  if (tx.type === 0) return keccak256(encode(tx.chainId === null ? fields : [...fields, tx.chainId, 0n, 0n]));
  return keccak256(concatBytes(Uint8Array.of(tx.type), encode(fields)));
}

/**
 * Address that signed `tx`; throws naming the problem on an invalid signature:
 * r, s in [1, n); s ≤ n/2 from Homestead (EIP-2); legacy v 27/28, or 35 + 2·chainId + {0,1} from
 * Spurious Dragon (EIP-155); typed y_parity 0/1; and the public key must be recoverable.
 */
export function recoverSender(tx: Transaction, fork: number): Uint8Array {
  let parity: bigint;
  if (tx.type === 0) {
    if (tx.chainId === null) {
      if (tx.v !== 27n && tx.v !== 28n) throw new Error(`invalid signature: v = ${tx.v} (expected 27 or 28, or an EIP-155 value)`);
      parity = tx.v - 27n;
    } else {
      if (fork < Fork.SpuriousDragon) throw new Error(`invalid signature: EIP-155 v = ${tx.v} is not valid before Spurious Dragon`);
      parity = tx.v - 35n - 2n * tx.chainId;
      if (parity !== 0n && parity !== 1n) throw new Error(`invalid signature: v = ${tx.v} does not match chainId ${tx.chainId} (EIP-155)`);
    }
  } else {
    if (tx.v !== 0n && tx.v !== 1n) throw new Error(`invalid signature: yParity = ${tx.v} (expected 0 or 1)`);
    parity = tx.v;
  }
  if (fork >= Fork.Homestead && tx.s > HALF_N) throw new Error('invalid signature: s > secp256k1n/2 (EIP-2)');
  return recoverAddress(signingHash(tx), parity, tx.r, tx.s);
}

/** ecrecover: the address whose key produced (r, s, yParity) over `hash`; throws when r/s are out of range or recovery fails. */
export function recoverAddress(hash: Uint8Array, yParity: bigint, r: bigint, s: bigint): Uint8Array {
  if (r <= 0n || r >= SECP256K1_N) throw new Error('invalid signature: r out of range [1, secp256k1n)');
  if (s <= 0n || s >= SECP256K1_N) throw new Error('invalid signature: s out of range [1, secp256k1n)');
  if (yParity !== 0n && yParity !== 1n) throw new Error(`invalid signature: recovery id ${yParity} (expected 0 or 1)`);
  let pub: Uint8Array;
  try {
    pub = new secp256k1.Signature(r, s, Number(yParity)).recoverPublicKey(hash).toBytes(false);
  } catch (e) {
    throw new Error(`invalid signature: public key recovery failed (${(e as Error).message})`);
  }
  return keccak256(pub.subarray(1)).slice(12);
}

/**
 * EIP-7702 authority: signer of keccak(0x05 || rlp([chainId, address, nonce])), or null when the signature is
 * invalid (yParity > 1, r or s out of range, s > n/2, or no recoverable key). The chain id (0 or the current
 * chain) and nonce (< 2^64 - 1, equal to the authority's) checks need chain/state context and are left to the caller.
 */
export function authorityOf(auth: Authorization): Uint8Array | null {
  if (auth.yParity > 1n || auth.s > HALF_N) return null;
  const hash = keccak256(concatBytes(Uint8Array.of(0x05), encode([auth.chainId, auth.address, auth.nonce])));
  try {
    return recoverAddress(hash, auth.yParity, auth.r, auth.s);
  } catch {
    return null;
  }
}

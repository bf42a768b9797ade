/** Fork-dependent transaction validity rules that need no state (signature recovery is separate: see signer.ts). */
import { Fork, forkName } from '../forks.js';
import { floorDataGas, intrinsicGas } from './intrinsic.js';
import { feeCap, type Transaction } from './types.js';

const U64_MAX = (1n << 64n) - 1n;
const U256_LIMIT = 1n << 256n;
/** EIP-3860: 2 * MAX_CODE_SIZE (EIP-170). */
export const MAX_INITCODE_SIZE = 49152;
/** EIP-7825 (Osaka): per-transaction gas limit cap. */
export const TX_GAS_LIMIT_CAP = 1n << 24n;
/** EIP-7594 (Osaka): blobs per transaction. */
export const MAX_BLOBS_PER_TX = 6;
/** Blobs per block: 6 (EIP-4844, Cancun), 9 (EIP-7691, Prague). A transaction with more can never be included. */
export function maxBlobsPerBlock(fork: number): number {
  return fork >= Fork.Prague ? 9 : 6;
}

/** An absent field, or one in 0 .. 2^256 - 1. */
function fitsWord(v: bigint | undefined | null): boolean {
  return v === undefined || v === null || (v >= 0n && v < U256_LIMIT);
}

/** First fork accepting each transaction type (EIP-2930 Berlin, EIP-1559 London, EIP-4844 Cancun, EIP-7702 Prague). */
const TYPE_FORK = [Fork.Frontier, Fork.Berlin, Fork.London, Fork.Cancun, Fork.Prague];

/** Returns why `tx` is invalid under `fork` on chain `chainId` (default 1, mainnet), or null when it passes. */
export function validateTxStatic(tx: Transaction, fork: number, chainId = 1n): string | null {
  if (fork < TYPE_FORK[tx.type]) return `transaction type ${tx.type} is not supported before ${forkName(TYPE_FORK[tx.type])}`;
  if (tx.chainId !== null) {
    if (tx.type === 0 && fork < Fork.SpuriousDragon) return `EIP-155 signature (v = ${tx.v}) is not valid before Spurious Dragon`;
    if (tx.chainId !== chainId) return `invalid chain id ${tx.chainId} (expected ${chainId})`;
  }
  // Field ranges: EIP-2681 nonce, 64-bit gas limit, 256-bit fees.
  if (tx.nonce >= U64_MAX) return `nonce ${tx.nonce} must be < 2^64 - 1 (EIP-2681)`;
  if (tx.gasLimit > U64_MAX) return `gas limit ${tx.gasLimit} exceeds 2^64 - 1`;
  // (field by field: an array of pairs here was a few allocations per transaction)
  if (!fitsWord(tx.gasPrice)) return 'gasPrice does not fit in 256 bits';
  if (!fitsWord(tx.maxFeePerGas)) return 'maxFeePerGas does not fit in 256 bits';
  if (!fitsWord(tx.maxPriorityFeePerGas)) return 'maxPriorityFeePerGas does not fit in 256 bits';
  if (!fitsWord(tx.maxFeePerBlobGas)) return 'maxFeePerBlobGas does not fit in 256 bits';
  if (!fitsWord(tx.value)) return 'value does not fit in 256 bits';
  if (tx.type >= 2) {
    if (tx.maxPriorityFeePerGas! > tx.maxFeePerGas!) return `maxPriorityFeePerGas ${tx.maxPriorityFeePerGas} exceeds maxFeePerGas ${tx.maxFeePerGas} (EIP-1559)`;
  }
  // No balance (a 256-bit number) can cover a gas limit × fee cap that overflows 256 bits.
  if (tx.gasLimit * feeCap(tx) >= U256_LIMIT) return 'gasLimit * fee cap overflows 256 bits';
  const intrinsic = intrinsicGas(tx, fork);
  if (intrinsic > tx.gasLimit) return `intrinsic gas too low: gas limit ${tx.gasLimit} < intrinsic gas ${intrinsic}`;
  const floor = floorDataGas(tx, fork);
  if (floor > tx.gasLimit) return `intrinsic gas too low: gas limit ${tx.gasLimit} < calldata floor ${floor} (EIP-7623)`;
  if (tx.to === null && fork >= Fork.Shanghai && tx.data.length > MAX_INITCODE_SIZE) {
    return `initcode size ${tx.data.length} exceeds ${MAX_INITCODE_SIZE} (EIP-3860)`;
  }
  if (fork >= Fork.Osaka && tx.gasLimit > TX_GAS_LIMIT_CAP) return `gas limit ${tx.gasLimit} exceeds the cap 2^24 (EIP-7825)`;
  if (tx.type === 3) {
    if (tx.to === null) return 'blob transaction cannot create a contract (EIP-4844)';
    const hashes = tx.blobVersionedHashes ?? [];
    if (hashes.length === 0) return 'blob transaction has no blobs (EIP-4844)';
    if (fork >= Fork.Osaka && hashes.length > MAX_BLOBS_PER_TX) return `blob transaction has ${hashes.length} blobs, max ${MAX_BLOBS_PER_TX} (EIP-7594)`;
    if (hashes.length > maxBlobsPerBlock(fork)) return `blob transaction has ${hashes.length} blobs, more than a block can hold (${maxBlobsPerBlock(fork)})`;
    for (const h of hashes) if (h.length !== 32 || h[0] !== 0x01) return 'blob versioned hash must be 32 bytes with version byte 0x01 (EIP-4844)';
  }
  if (tx.type === 4) {
    if (tx.to === null) return 'set-code transaction cannot create a contract (EIP-7702)';
    if ((tx.authorizationList ?? []).length === 0) return 'set-code transaction has an empty authorization list (EIP-7702)';
  }
  return null;
}

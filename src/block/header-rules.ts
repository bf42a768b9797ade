/**
 * Header rules that need the parent header or the encoded block, which the block API does not always
 * have:
 * - EIP-4844 excess blob gas from the parent, with the per-fork blob schedule (EIP-7691: Prague
 *   target 6 / max 9) and, from Osaka, the EIP-7918 reserve price: while the execution cost of a blob
 *   transaction (BLOB_BASE_COST * base fee) exceeds the price of a blob (GAS_PER_BLOB * blob base fee),
 *   the excess grows by blob_gas_used * (max - target) / max instead of falling by the target;
 * - EIP-4844 blob gas used: a multiple of GAS_PER_BLOB, at most max blobs per block;
 * - EIP-7934 (Osaka): the RLP-encoded block is at most MAX_RLP_BLOCK_SIZE = 10 MiB - 2 MiB bytes.
 * The schedule of the block being validated applies (its fork, not the parent's).
 */
import { Fork } from '../forks.js';
import { blobBaseFee, blobSchedule } from './blob.js';

export const GAS_PER_BLOB = 131072n; // 2^17
/** EIP-7918: the execution gas a blob transaction is taken to cost. */
export const BLOB_BASE_COST = 8192n; // 2^13
/** EIP-7934. */
export const MAX_BLOCK_SIZE = 10_485_760;
export const SAFETY_MARGIN = 2_097_152;
export const MAX_RLP_BLOCK_SIZE = MAX_BLOCK_SIZE - SAFETY_MARGIN; // 8,388,608

/** The parent header fields the excess blob gas depends on (absent before Cancun: taken as 0). */
export interface ParentBlobFields {
  excessBlobGas?: bigint;
  blobGasUsed?: bigint;
  baseFeePerGas?: bigint;
}

export function targetBlobGasPerBlock(fork: number): bigint { return BigInt(blobSchedule(fork).target) * GAS_PER_BLOB; }
export function maxBlobGasPerBlock(fork: number): bigint { return BigInt(blobSchedule(fork).max) * GAS_PER_BLOB; }

/** The excess blob gas a block of `fork` must carry after `parent` (0 before Cancun). */
export function calculateExcessBlobGas(parent: ParentBlobFields, fork: number): bigint {
  if (fork < Fork.Cancun) return 0n;
  const excess = parent.excessBlobGas ?? 0n; // the fork block's parent has none: 0
  const used = parent.blobGasUsed ?? 0n;
  const target = targetBlobGasPerBlock(fork);
  if (excess + used < target) return 0n;
  if (fork >= Fork.Osaka) {
    const { target: t, max: m } = blobSchedule(fork);
    if (BLOB_BASE_COST * (parent.baseFeePerGas ?? 0n) > GAS_PER_BLOB * blobBaseFee(excess, fork)) {
      return excess + (used * BigInt(m - t)) / BigInt(m); // EIP-7918: never falls while blobs are underpriced
    }
  }
  return excess + used - target;
}

/** Throws unless `header.excessBlobGas` is the one computed from `parent`. */
export function checkExcessBlobGas(header: { number: bigint; excessBlobGas?: bigint }, parent: ParentBlobFields, fork: number): void {
  if (fork < Fork.Cancun) return;
  const expected = calculateExcessBlobGas(parent, fork);
  if (header.excessBlobGas !== expected) {
    throw new Error(`block ${header.number}: excessBlobGas ${header.excessBlobGas} differs from ${expected} computed from the parent (EIP-4844${fork >= Fork.Osaka ? ', EIP-7918' : ''})`);
  }
}

/** Throws unless `blobGasUsed` is a whole number of blobs within the fork's maximum. */
export function checkBlobGasUsed(blobGasUsed: bigint, fork: number): void {
  if (fork < Fork.Cancun) return;
  if (blobGasUsed < 0n || blobGasUsed % GAS_PER_BLOB !== 0n) throw new Error(`blobGasUsed ${blobGasUsed} is not a multiple of ${GAS_PER_BLOB}`);
  const max = maxBlobGasPerBlock(fork);
  if (blobGasUsed > max) throw new Error(`blobGasUsed ${blobGasUsed} exceeds the maximum ${max} per block`);
}

/** EIP-7934 (Osaka+): throws when the RLP-encoded block is longer than MAX_RLP_BLOCK_SIZE bytes. */
export function checkBlockSize(rlpLength: number | bigint, fork: number): void {
  if (fork < Fork.Osaka) return;
  if (BigInt(rlpLength) > BigInt(MAX_RLP_BLOCK_SIZE)) {
    throw new Error(`block RLP size ${rlpLength} exceeds MAX_RLP_BLOCK_SIZE ${MAX_RLP_BLOCK_SIZE} (EIP-7934)`);
  }
}

/**
 * Ground truth for a workload: runs its block sequentially with the transaction engine (evm.runTx),
 * enforcing the block gas limit on the gas actually left (a transaction whose gas limit exceeds it makes
 * the block invalid, as does any invalid transaction).
 */
import { createEvm, MemoryState, type Evm, type TxResult } from '../index.js';
import { hexToBytes } from '../bytes.js';
import type { Workload } from './builder.js';

export interface SequentialResult {
  /** The block is valid: every transaction valid and within the gas left in the block. */
  valid: boolean;
  /** Why the block is invalid, with the index of the offending transaction. */
  error?: string;
  invalidIndex?: number;
  results: TxResult[];
  gasUsed: bigint;
  /** Wall time of the runTx calls only, in milliseconds. */
  ms: number;
  evm: Evm;
}

/** The block environment of `w` for `evm.block`. */
export function blockEnv(w: Workload) {
  return {
    coinbase: w.header.coinbase.slice(2), number: w.header.number, timestamp: w.header.timestamp,
    gasLimit: w.header.gasLimit, prevRandao: w.header.prevRandao, baseFee: w.header.baseFee, blobBaseFee: 1n, chainId: 1n,
  };
}

/** Runs `w` on a fresh state (evm reused when given, its fork must match). Stops at the first invalid transaction. */
export async function runSequential(w: Workload, opts: { evm?: Evm } = {}): Promise<SequentialResult> {
  const evm = opts.evm ?? await createEvm({ fork: w.fork });
  evm.state = MemoryState.fromJson(w.preState);
  evm.block = blockEnv(w);
  const senders = w.transactions.map((t) => hexToBytes(t.sender));
  const results: TxResult[] = [];
  let gasUsed = 0n;
  const start = performance.now();
  for (let i = 0; i < w.transactions.length; i++) {
    const { tx } = w.transactions[i];
    const left = w.header.gasLimit - gasUsed;
    if (tx.gasLimit > left) {
      return { valid: false, invalidIndex: i, error: `transaction ${i}: gas limit ${tx.gasLimit} exceeds the gas left in the block ${left}`, results, gasUsed, ms: performance.now() - start, evm };
    }
    const r = evm.runTx({ tx, sender: senders[i] });
    results.push(r);
    if (!r.valid) return { valid: false, invalidIndex: i, error: `transaction ${i}: ${r.error}`, results, gasUsed, ms: performance.now() - start, evm };
    gasUsed += r.gasUsed;
  }
  return { valid: true, results, gasUsed, ms: performance.now() - start, evm };
}

/**
 * Plain-JSON form of a workload (for files and other tools): bigints as 0x-hex strings, byte arrays as
 * 0x-hex strings, `to` null for a creation. workloadFromJson(workloadToJson(w)) deep-equals w.
 */
import { bytesToHex, hexToBytes } from '../bytes.js';
import type { Transaction } from '../tx/types.js';
import type { Workload, WorkloadHeader } from './builder.js';

const HEADER_BIGINTS = ['number', 'timestamp', 'gasLimit', 'baseFee', 'prevRandao', 'excessBlobGas'] as const;
const TX_BIGINTS = ['chainId', 'nonce', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'gasLimit', 'value', 'v', 'r', 's'] as const;

const h = (n: bigint) => '0x' + n.toString(16);

export function workloadToJson(w: Workload): unknown {
  const header: Record<string, string> = { coinbase: w.header.coinbase };
  for (const k of HEADER_BIGINTS) if (w.header[k] !== undefined) header[k] = h(w.header[k]!);
  const transactions = w.transactions.map(({ tx, sender }) => {
    const t: Record<string, unknown> = { type: tx.type };
    for (const k of TX_BIGINTS) if (tx[k] !== undefined && tx[k] !== null) t[k] = h(tx[k] as bigint);
    t.to = tx.to === null ? null : bytesToHex(tx.to);
    t.data = bytesToHex(tx.data);
    t.accessList = [];
    return { tx: t, sender };
  });
  const out: Record<string, unknown> = { name: w.name, fork: w.fork, header, transactions, preState: w.preState };
  if (w.expectInvalid !== undefined) out.expectInvalid = w.expectInvalid;
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function workloadFromJson(j: any): Workload {
  const header = { coinbase: j.header.coinbase } as WorkloadHeader;
  for (const k of HEADER_BIGINTS) if (j.header[k] !== undefined) header[k] = BigInt(j.header[k]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const transactions = j.transactions.map(({ tx: t, sender }: any) => {
    const tx = { type: t.type } as Transaction;
    for (const k of TX_BIGINTS) if (t[k] !== undefined) (tx as unknown as Record<string, bigint>)[k] = BigInt(t[k]);
    tx.to = t.to === null ? null : hexToBytes(t.to);
    tx.data = hexToBytes(t.data);
    tx.accessList = [];
    return { tx, sender };
  });
  const w: Workload = { name: j.name, fork: j.fork, header, transactions, preState: j.preState };
  if (j.expectInvalid !== undefined) w.expectInvalid = j.expectInvalid;
  return w;
}

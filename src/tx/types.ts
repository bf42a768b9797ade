/** Transaction data model covering legacy and EIP-2718 typed transactions (types 1–4). */

/** 0 legacy, 1 EIP-2930 access list, 2 EIP-1559 fee market, 3 EIP-4844 blob, 4 EIP-7702 set code. */
export type TxType = 0 | 1 | 2 | 3 | 4;

/** EIP-2930 access list entry: an address and the storage keys (32 bytes each) to pre-warm. */
export interface AccessListItem {
  address: Uint8Array;
  storageKeys: Uint8Array[];
}

/** EIP-7702 authorization tuple [chain_id, address, nonce, y_parity, r, s]. */
export interface Authorization {
  chainId: bigint;
  address: Uint8Array;
  nonce: bigint;
  yParity: bigint;
  r: bigint;
  s: bigint;
}

export interface Transaction {
  type: TxType;
  /** Typed: the chain_id field. Legacy: derived from v per EIP-155, or null when v is 27/28 (or malformed). */
  chainId: bigint | null;
  nonce: bigint;
  /** Types 0 and 1 only. */
  gasPrice?: bigint;
  /** Types 2, 3 and 4 only (EIP-1559). */
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasLimit: bigint;
  /** 20-byte recipient, or null for contract creation. */
  to: Uint8Array | null;
  value: bigint;
  data: Uint8Array;
  /** Always present; empty for legacy transactions. */
  accessList: AccessListItem[];
  /** Type 3 only (EIP-4844). */
  maxFeePerBlobGas?: bigint;
  blobVersionedHashes?: Uint8Array[];
  /** Type 4 only (EIP-7702). */
  authorizationList?: Authorization[];
  /** Legacy: the raw v (27/28 or 35 + 2·chainId + parity). Typed: y_parity. */
  v: bigint;
  r: bigint;
  s: bigint;
}

/** The most the sender can pay per gas: gasPrice (types 0/1) or maxFeePerGas (types 2+). */
export function feeCap(tx: Transaction): bigint {
  return (tx.type < 2 ? tx.gasPrice : tx.maxFeePerGas) ?? 0n;
}

/**
 * JSON inputs of block execution: a block in the JSON-RPC shape of `eth_getBlockByNumber(n, true)`,
 * a pre-state `{address: {balance, nonce, code_hash?, code?, storage}}` with a code table by hash,
 * and ancestor block hashes `{number: hash}`. Every malformed field raises an Error naming it.
 */
import type { AccessListItem, Authorization, Transaction, TxType } from '../tx/types.js';
import { MemoryState, addressKey, putJsonSlot, storedAccount, KECCAK_EMPTY } from '../state/memory-state.js';
import { SlotMap } from '../state/slots.js';
import { bytesToHex, equalBytes, hexToBytes, keccak256, NO_BYTES } from '../bytes.js';

export interface BlockHeader {
  hash?: Uint8Array;
  parentHash?: Uint8Array;
  number: bigint;
  timestamp: bigint;
  /** 40-hex key of the beneficiary (`miner`). */
  coinbase: string;
  gasLimit: bigint;
  gasUsed: bigint;
  difficulty: bigint;
  /** PREVRANDAO after the Merge. */
  mixHash: Uint8Array;
  baseFeePerGas?: bigint;
  blobGasUsed?: bigint;
  excessBlobGas?: bigint;
  parentBeaconBlockRoot?: Uint8Array;
  stateRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  uncles: Uint8Array[];
  /** EIP-4895 withdrawals: address key and amount in Gwei. */
  withdrawals?: { address: string; amount: bigint }[];
  /** EIP-7685 (Prague+): commitment to the block's execution layer requests. */
  requestsHash?: Uint8Array;
}

/** A transaction of a block, with its recovered sender. */
export interface BlockTx extends Transaction {
  /** 40-hex key of the sender. */
  from: string;
  hash?: Uint8Array;
}

export interface Block {
  header: BlockHeader;
  transactions: BlockTx[];
}

type Json = Record<string, unknown>;

function field(obj: Json, name: string, ctx: string): unknown {
  const v = obj[name];
  if (v === undefined || v === null) throw new Error(`${ctx}: missing field "${name}"`);
  return v;
}

function quantity(obj: Json, name: string, ctx: string): bigint {
  const v = field(obj, name, ctx);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw new Error(`${ctx}: field "${name}" is not a hex quantity: ${JSON.stringify(v)}`);
  return BigInt(v);
}

function optQuantity(obj: Json, name: string, ctx: string): bigint | undefined {
  return obj[name] === undefined || obj[name] === null ? undefined : quantity(obj, name, ctx);
}

function data(obj: Json, name: string, ctx: string, size?: number): Uint8Array {
  const v = field(obj, name, ctx);
  return bytesOf(v, `${ctx}: field "${name}"`, size);
}

function bytesOf(v: unknown, what: string, size?: number): Uint8Array {
  if (typeof v !== 'string' || !v.startsWith('0x')) throw new Error(`${what} is not 0x-prefixed hex: ${JSON.stringify(v)}`);
  let b: Uint8Array;
  try { b = hexToBytes(v); } catch (e) { throw new Error(`${what}: ${(e as Error).message}`); }
  if (size !== undefined && b.length !== size) throw new Error(`${what} must be ${size} bytes, got ${b.length}`);
  return b;
}

function address(v: unknown, what: string): string {
  return bytesToHex(bytesOf(v, what, 20)).slice(2);
}

function list(obj: Json, name: string, ctx: string): unknown[] {
  const v = field(obj, name, ctx);
  if (!Array.isArray(v)) throw new Error(`${ctx}: field "${name}" is not an array`);
  return v;
}

function object(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} is not a JSON object`);
  return v as Json;
}

export function parseHeader(json: unknown): BlockHeader {
  const b = object(json, 'block');
  const ctx = 'block header';
  const withdrawals = b.withdrawals === undefined || b.withdrawals === null ? undefined
    : list(b, 'withdrawals', ctx).map((w, i) => {
      const o = object(w, `withdrawal ${i}`);
      return { address: address(o.address, `withdrawal ${i}: field "address"`), amount: quantity(o, 'amount', `withdrawal ${i}`) };
    });
  return {
    hash: b.hash ? data(b, 'hash', ctx, 32) : undefined,
    parentHash: b.parentHash ? data(b, 'parentHash', ctx, 32) : undefined,
    number: quantity(b, 'number', ctx),
    timestamp: quantity(b, 'timestamp', ctx),
    coinbase: address(field(b, 'miner', ctx), `${ctx}: field "miner"`),
    gasLimit: quantity(b, 'gasLimit', ctx),
    gasUsed: quantity(b, 'gasUsed', ctx),
    difficulty: quantity(b, 'difficulty', ctx),
    mixHash: b.mixHash ? data(b, 'mixHash', ctx, 32) : new Uint8Array(32),
    baseFeePerGas: optQuantity(b, 'baseFeePerGas', ctx),
    blobGasUsed: optQuantity(b, 'blobGasUsed', ctx),
    excessBlobGas: optQuantity(b, 'excessBlobGas', ctx),
    parentBeaconBlockRoot: b.parentBeaconBlockRoot ? data(b, 'parentBeaconBlockRoot', ctx, 32) : undefined,
    stateRoot: data(b, 'stateRoot', ctx, 32),
    receiptsRoot: data(b, 'receiptsRoot', ctx, 32),
    logsBloom: data(b, 'logsBloom', ctx, 256),
    uncles: (b.uncles === undefined ? [] : list(b, 'uncles', ctx)).map((u, i) => bytesOf(u, `${ctx}: uncle ${i}`, 32)),
    withdrawals,
    requestsHash: b.requestsHash ? data(b, 'requestsHash', ctx, 32) : undefined,
  };
}

function accessList(t: Json, ctx: string): AccessListItem[] {
  if (t.accessList === undefined || t.accessList === null) throw new Error(`${ctx}: missing field "accessList"`);
  return list(t, 'accessList', ctx).map((item, i) => {
    const o = object(item, `${ctx}: access list item ${i}`);
    return {
      address: bytesOf(o.address, `${ctx}: access list item ${i} address`, 20),
      storageKeys: list(o, 'storageKeys', `${ctx}: access list item ${i}`).map((k, j) => bytesOf(k, `${ctx}: access list item ${i} key ${j}`, 32)),
    };
  });
}

/** One transaction object of a full block (`ctx` names it in errors). */
export function parseTransaction(json: unknown, ctx = 'transaction'): BlockTx {
  const t = object(json, ctx);
  const typeValue = t.type === undefined ? 0n : quantity(t, 'type', ctx);
  if (typeValue > 4n) throw new Error(`${ctx}: unsupported transaction type 0x${typeValue.toString(16)}`);
  const type = Number(typeValue) as TxType;
  const to = t.to === undefined || t.to === null ? null : bytesOf(t.to, `${ctx}: field "to"`, 20);
  const tx: BlockTx = {
    type,
    chainId: null,
    nonce: quantity(t, 'nonce', ctx),
    gasLimit: quantity(t, 'gas', ctx),
    to,
    value: quantity(t, 'value', ctx),
    data: data(t, 'input', ctx),
    accessList: [],
    v: 0n,
    r: quantity(t, 'r', ctx),
    s: quantity(t, 's', ctx),
    from: address(field(t, 'from', ctx), `${ctx}: field "from"`),
    hash: t.hash ? data(t, 'hash', ctx, 32) : undefined,
  };
  if (type === 0) {
    tx.gasPrice = quantity(t, 'gasPrice', ctx);
    tx.v = quantity(t, 'v', ctx);
    if (tx.v >= 35n) tx.chainId = (tx.v - 35n) / 2n; // EIP-155
    else if (tx.v !== 27n && tx.v !== 28n) throw new Error(`${ctx}: legacy v ${tx.v} is neither 27/28 nor EIP-155 (>= 35)`);
    return tx;
  }
  tx.chainId = quantity(t, 'chainId', ctx);
  tx.v = t.yParity !== undefined ? quantity(t, 'yParity', ctx) : quantity(t, 'v', ctx);
  tx.accessList = accessList(t, ctx);
  if (type === 1) {
    tx.gasPrice = quantity(t, 'gasPrice', ctx);
    return tx;
  }
  tx.maxFeePerGas = quantity(t, 'maxFeePerGas', ctx);
  tx.maxPriorityFeePerGas = quantity(t, 'maxPriorityFeePerGas', ctx);
  if (type === 3) {
    tx.maxFeePerBlobGas = quantity(t, 'maxFeePerBlobGas', ctx);
    tx.blobVersionedHashes = list(t, 'blobVersionedHashes', ctx).map((h, i) => bytesOf(h, `${ctx}: blob hash ${i}`, 32));
  }
  if (type === 4) {
    tx.authorizationList = list(t, 'authorizationList', ctx).map((a, i): Authorization => {
      const o = object(a, `${ctx}: authorization ${i}`);
      const c = `${ctx}: authorization ${i}`;
      return {
        chainId: quantity(o, 'chainId', c), address: bytesOf(o.address, `${c} address`, 20), nonce: quantity(o, 'nonce', c),
        yParity: quantity(o, 'yParity', c), r: quantity(o, 'r', c), s: quantity(o, 's', c),
      };
    });
  }
  return tx;
}

/** A full block (`eth_getBlockByNumber(n, true)`): header fields and transactions with their senders. */
export function parseBlock(json: unknown): Block {
  const header = parseHeader(json);
  const txs = list(object(json, 'block'), 'transactions', 'block');
  const transactions = txs.map((t, i) => {
    if (typeof t === 'string') throw new Error(`block: transaction ${i} is only a hash; fetch the block with full transactions (eth_getBlockByNumber(n, true))`);
    return parseTransaction(t, `transaction ${i}`);
  });
  return { header, transactions };
}

/** Code table `{code_hash: "0x<code>"}`. */
export type CodeTable = Record<string, string>;

/**
 * A MemoryState from a pre-state `{address: {balance, nonce, code_hash?, code?, storage}}`. Code is
 * inline (`code`) or looked up by `code_hash` in `codes` (and checked against the hash).
 * `blockHashes` (`{number: hash}`) answers BLOCKHASH.
 */
export function parsePreState(json: unknown, codes: CodeTable = {}, blockHashes?: unknown): MemoryState {
  const state = new MemoryState();
  for (const [addr, value] of Object.entries(object(json, 'pre-state'))) {
    const ctx = `pre-state account ${addr}`;
    const acc = object(value, ctx);
    let code: Uint8Array = NO_BYTES;
    let codeHash: Uint8Array = KECCAK_EMPTY;
    if (acc.code !== undefined && acc.code !== null) {
      code = data(acc, 'code', ctx);
      codeHash = keccak256(code);
    } else if (acc.code_hash !== undefined && acc.code_hash !== null) {
      const hash = data(acc, 'code_hash', ctx, 32);
      if (!equalBytes(hash, KECCAK_EMPTY)) {
        const hex = codes[bytesToHex(hash)] ?? codes[bytesToHex(hash).slice(2)];
        if (hex === undefined) throw new Error(`${ctx}: code_hash ${bytesToHex(hash)} is not in the code table`);
        code = bytesOf(hex, `code table entry ${bytesToHex(hash)}`);
        if (!equalBytes(keccak256(code), hash)) throw new Error(`code table entry ${bytesToHex(hash)}: keccak of the code does not match`);
        codeHash = hash;
      }
    }
    const storage = new SlotMap();
    for (const [slot, v] of Object.entries(object(acc.storage ?? {}, `${ctx}: storage`))) {
      if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw new Error(`${ctx}: storage slot ${slot} has a bad value ${JSON.stringify(v)}`);
      putJsonSlot(storage, slot, BigInt(v), ctx);
    }
    state.accounts.set(addressKey(addr), storedAccount(acc.nonce === undefined ? 0n : quantity(acc, 'nonce', ctx),
      acc.balance === undefined ? 0n : quantity(acc, 'balance', ctx), code, codeHash, storage));
  }
  if (blockHashes !== undefined) addBlockHashes(state, blockHashes);
  return state;
}

/** Adds `{number: hash}` entries (decimal or hex numbers) to the state's BLOCKHASH answers. */
export function addBlockHashes(state: MemoryState, json: unknown): void {
  for (const [n, h] of Object.entries(object(json, 'block hashes'))) {
    if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(n)) throw new Error(`block hashes: "${n}" is not a block number`);
    state.blockHashes.set(BigInt(n), bytesOf(h, `block hash of ${n}`, 32));
  }
}

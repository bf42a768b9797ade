/** The Workload shape, ABI helpers and the block builder shared by the workload generators. */
import { keccak256, bytesToHex, hexToBytes, concatBytes } from '../bytes.js';
import { encode } from '../rlp.js';
import type { Transaction } from '../tx/types.js';
import { Rng } from './rng.js';

export interface WorkloadHeader {
  number: bigint;
  timestamp: bigint;
  gasLimit: bigint;
  baseFee: bigint;
  /** 0x-prefixed lowercase address. */
  coinbase: string;
  prevRandao: bigint;
  excessBlobGas?: bigint;
}

export interface WorkloadTx {
  tx: Transaction;
  /** 0x-prefixed lowercase address (no signatures: the sender is given). */
  sender: string;
}

export interface WorkloadAccount {
  balance: string;
  nonce: string;
  code?: string;
  storage?: { [slot: string]: string };
}

export interface Workload {
  name: string;
  fork: string;
  header: WorkloadHeader;
  transactions: WorkloadTx[];
  preState: { [address: string]: WorkloadAccount };
  /** Set when the block must be rejected, saying why. */
  expectInvalid?: string;
}

export interface WorkloadOptions {
  seed?: number;
  size?: number;
}

export const BASE_FEE = 7n;
export const PRIORITY_FEE = 2n;
export const MAX_FEE = 20n;
export const CHAIN_ID = 1n;
/** Cancun activation on mainnet; the blocks are placed just after it. */
export const CANCUN_TIMESTAMP = 1_710_338_135n;
export const ETHER = 10n ** 18n;

export const hex = (n: bigint): string => '0x' + n.toString(16);
export const word = (n: bigint): Uint8Array => hexToBytes(n.toString(16).padStart(64, '0'));
export const addressWord = (a: string): Uint8Array => hexToBytes(a.slice(2).padStart(64, '0'));
export const slotHex = (n: bigint): string => '0x' + n.toString(16).padStart(64, '0');

/** The 4-byte function selector of a signature like "transfer(address,uint256)". */
export function selector(signature: string): Uint8Array {
  return keccak256(new TextEncoder().encode(signature)).subarray(0, 4);
}

/** ABI call data: selector followed by static 32-byte arguments. */
export function calldata(signature: string, ...args: (bigint | string | boolean)[]): Uint8Array {
  return concatBytes(selector(signature), ...args.map((a) =>
    typeof a === 'string' ? addressWord(a) : typeof a === 'boolean' ? word(a ? 1n : 0n) : word(a)));
}

/** Storage slot of `mapping(address => ...)` at `slot` for `key` (Solidity layout): keccak256(key . slot). */
export function mappingSlot(key: string, slot: bigint): bigint {
  return BigInt(bytesToHex(keccak256(concatBytes(addressWord(key), word(slot)))));
}

/** CREATE address: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: string, nonce: bigint): string {
  return bytesToHex(keccak256(encode([hexToBytes(sender), nonce])).subarray(12));
}

/** CREATE2 address: keccak256(0xff . sender . salt . keccak256(initcode))[12:]. */
export function create2Address(sender: string, salt: bigint, initcode: string): string {
  return bytesToHex(keccak256(concatBytes(Uint8Array.of(0xff), hexToBytes(sender), word(salt), keccak256(hexToBytes(initcode)))).subarray(12));
}

export interface TxSpec {
  value?: bigint;
  data?: Uint8Array;
  gasLimit: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
}

/** Accumulates a pre-state and a transaction list; addresses come from the seeded RNG. */
export class BlockBuilder {
  readonly preState: { [address: string]: WorkloadAccount } = {};
  readonly transactions: WorkloadTx[] = [];
  private readonly used = new Set<string>();
  private readonly nextNonce = new Map<string, bigint>();

  private cb?: string;

  constructor(readonly rng: Rng) {}

  /** The block's beneficiary (created on first use, in the pre-state with some balance). */
  coinbase(): string {
    if (this.cb === undefined) this.cb = this.account(this.address(), this.rng.bits(60));
    return this.cb;
  }

  /** A new address, distinct from every address this builder handed out (and not a precompile). */
  address(): string {
    for (;;) {
      const a = bytesToHex(this.rng.bytes(20));
      if (BigInt(a) > 0xffffn && !this.used.has(a)) { this.used.add(a); return a; }
    }
  }

  /** Puts `address` in the pre-state (or updates it). */
  account(address: string, balance: bigint, opts: { nonce?: bigint; code?: string; storage?: Map<bigint, bigint> } = {}): string {
    const acc: WorkloadAccount = { balance: hex(balance), nonce: hex(opts.nonce ?? 0n) };
    if (opts.code !== undefined) acc.code = opts.code;
    if (opts.storage !== undefined) {
      acc.storage = {};
      for (const [k, v] of opts.storage) acc.storage[slotHex(k)] = hex(v);
    }
    this.preState[address] = acc;
    this.used.add(address);
    return address;
  }

  /** A fresh externally owned account holding `balance` (default 1–2 ether). */
  eoa(balance?: bigint, nonce = 0n): string {
    return this.account(this.address(), balance ?? ETHER + this.rng.bits(59), { nonce });
  }

  /** A fresh contract account (nonce 1, EIP-161) with `code` and `storage`. */
  contract(code: string, storage: Map<bigint, bigint> = new Map(), balance = 0n): string {
    return this.account(this.address(), balance, { nonce: 1n, code, storage });
  }

  /** Appends a type-2 transaction from `sender` with its next nonce. */
  tx(sender: string, to: string | null, spec: TxSpec): WorkloadTx {
    const nonce = this.nextNonce.get(sender) ?? BigInt(this.preState[sender]?.nonce ?? 0n);
    this.nextNonce.set(sender, nonce + 1n);
    const tx: Transaction = {
      type: 2, chainId: CHAIN_ID, nonce,
      maxFeePerGas: spec.maxFeePerGas ?? MAX_FEE, maxPriorityFeePerGas: spec.maxPriorityFeePerGas ?? PRIORITY_FEE,
      gasLimit: spec.gasLimit, to: to === null ? null : hexToBytes(to), value: spec.value ?? 0n,
      data: spec.data ?? new Uint8Array(0), accessList: [], v: 0n, r: 0n, s: 0n,
    };
    const entry = { tx, sender };
    this.transactions.push(entry);
    return entry;
  }

  /** The workload; the block gas limit is the sum of the transactions' gas limits unless given. */
  build(name: string, opts: { fork?: string; gasLimit?: bigint; expectInvalid?: string; timestamp?: bigint; number?: bigint } = {}): Workload {
    const fork = opts.fork ?? 'Cancun';
    const coinbase = this.coinbase();
    const header: WorkloadHeader = {
      number: opts.number ?? 19_426_587n + BigInt(this.rng.int(1_000_000)),
      timestamp: opts.timestamp ?? CANCUN_TIMESTAMP + 12n * BigInt(1 + this.rng.int(1_000_000)),
      gasLimit: opts.gasLimit ?? this.transactions.reduce((s, t) => s + t.tx.gasLimit, 0n),
      baseFee: BASE_FEE,
      coinbase,
      prevRandao: this.rng.bits(256),
    };
    if (fork === 'Cancun' || fork === 'Prague' || fork === 'Osaka') header.excessBlobGas = 0n;
    const w: Workload = { name, fork, header, transactions: this.transactions, preState: this.preState };
    if (opts.expectInvalid !== undefined) w.expectInvalid = opts.expectInvalid;
    return w;
  }
}

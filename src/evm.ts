/**
 * One core instance and the synchronous calls on it: write the environment, run a message against a
 * TxOverlay, read the result. Instances are isolated: one per worker in parallel execution.
 */
import type { CoreExports } from './wasm/loader.js';
import { WasmMemory } from './wasm/codec.js';
import { createImports, type HostContext } from './wasm/imports.js';
import { ENV, MSG, HASH_INPUT_SIZE, STATUS_NAMES, type StatusName } from './wasm/layout.js';
import type { TxOverlay } from './state/overlay.js';
import { NO_BYTES, useKeccakEngine } from './bytes.js';
import { useKzgEngine } from './precompiles/0a-point-evaluation.js';

/** The pieces a long input is hashed in: the most whole keccak blocks (136 bytes) that fit the core's buffer. */
const HASH_PIECE = HASH_INPUT_SIZE - (HASH_INPUT_SIZE % 136);

/** Block environment (the fields the EVM can observe). Addresses are 40-hex keys. */
export interface BlockEnv {
  coinbase: string;
  number: bigint;
  timestamp: bigint;
  gasLimit: bigint;
  /** DIFFICULTY before the Merge, PREVRANDAO after (EIP-4399). */
  prevRandao: bigint;
  baseFee: bigint;
  blobBaseFee: bigint;
  chainId: bigint;
}

export interface TxEnv {
  origin: string;
  gasPrice: bigint;
  blobHashes: Uint8Array[];
}

export interface Message {
  kind: 'call' | 'create';
  caller: string;
  address: string;
  codeAddress?: string;
  value: bigint;
  gas: bigint;
  input: Uint8Array;
  isStatic?: boolean;
  /** The code address came from an EIP-7702 delegation: never run a precompile there. */
  delegated?: boolean;
}

export interface MessageResult {
  status: StatusName;
  gasLeft: bigint;
  refund: bigint;
  output: Uint8Array;
}

export class Core {
  readonly mem: WasmMemory;
  private readonly exports: CoreExports;
  private readonly host: HostContext;
  private readonly envBase: number;
  private readonly msgBase: number;
  private readonly inputBase: number;
  private readonly hashBase: number;
  /** The block environment written last (a copy: the caller's object may change), and its fork. */
  private lastBlock: BlockEnv | null = null;
  private lastFork = -1;

  constructor(module: WebAssembly.Module) {
    this.host = { state: undefined as unknown as TxOverlay, fork: 0, envBase: 0 };
    this.mem = new WasmMemory();
    const instance = new WebAssembly.Instance(module, createImports(this.mem, this.host));
    this.exports = instance.exports as unknown as CoreExports;
    this.mem.attach(this.exports.memory);
    this.exports.init();
    this.envBase = this.exports.envBase();
    this.msgBase = this.exports.msgBase();
    this.inputBase = this.exports.inputBase();
    this.host.envBase = this.envBase;
    this.hashBase = this.exports.hashBase();
    useKeccakEngine((bytes) => this.keccak256(bytes));
    useKzgEngine((input) => this.verifyKzgProof(input));
  }

  /** EIP-4844's verify_kzg_proof in the core (~3.5 ms against ~12 on @noble/curves): z | y | commitment | proof. */
  verifyKzgProof(zYCommitmentProof: Uint8Array): boolean {
    this.mem.bytes().set(zYCommitmentProof, this.hashBase);
    return this.exports.kzgVerify() === 1;
  }

  /** keccak-256 in the core (~10x @noble/hashes'); an input over HASH_INPUT_SIZE bytes goes in pieces. */
  keccak256(bytes: Uint8Array): Uint8Array {
    const at = this.hashBase;
    let from = 0;
    for (; bytes.length - from > HASH_INPUT_SIZE; from += HASH_PIECE) {
      this.mem.bytes().set(bytes.subarray(from, from + HASH_PIECE), at);
      this.exports.hashAbsorb(HASH_PIECE, from === 0 ? 1 : 0);
    }
    this.mem.bytes().set(from === 0 ? bytes : bytes.subarray(from), at);
    if (from === 0) this.exports.hash(bytes.length);
    else this.exports.hashFinish(bytes.length - from);
    return this.mem.bytes().slice(at + HASH_INPUT_SIZE, at + HASH_INPUT_SIZE + 32);
  }

  /** Writes the block and transaction environment for the next messages. */
  setEnv(fork: number, block: BlockEnv, tx: TxEnv): void {
    const m = this.mem, e = this.envBase;
    this.host.fork = fork;
    const dv = m.view();
    // the block's part is written once per block (every transaction of a block repeats it)
    const last = this.lastBlock;
    if (fork !== this.lastFork || last === null || last.number !== block.number || last.coinbase !== block.coinbase
      || last.timestamp !== block.timestamp || last.prevRandao !== block.prevRandao || last.gasLimit !== block.gasLimit
      || last.baseFee !== block.baseFee || last.blobBaseFee !== block.blobBaseFee || last.chainId !== block.chainId) {
      dv.setInt32(e + ENV.FORK, fork, true);
      dv.setBigUint64(e + ENV.NUMBER_U64, BigInt.asUintN(64, block.number), true);
      m.writeWord(e + ENV.CHAIN_ID, block.chainId);
      m.writeAddress(e + ENV.COINBASE, block.coinbase);
      m.writeWord(e + ENV.TIMESTAMP, block.timestamp);
      m.writeWord(e + ENV.NUMBER, block.number);
      m.writeWord(e + ENV.PREVRANDAO, block.prevRandao);
      m.writeWord(e + ENV.GAS_LIMIT, block.gasLimit);
      m.writeWord(e + ENV.BASE_FEE, block.baseFee);
      m.writeWord(e + ENV.BLOB_BASE_FEE, block.blobBaseFee);
      this.lastFork = fork;
      this.lastBlock = { ...block };
    }
    m.writeAddress(e + ENV.ORIGIN, tx.origin);
    m.writeWord(e + ENV.GAS_PRICE, tx.gasPrice);
    const n = Math.min(tx.blobHashes.length, ENV.MAX_BLOB_HASHES);
    dv.setInt32(e + ENV.BLOB_HASH_COUNT, n, true);
    for (let i = 0; i < n; i++) m.writeHashAsWord(e + ENV.BLOB_HASHES + 32 * i, tx.blobHashes[i]);
  }

  /**
   * Runs one top-level message to completion against `state`. `withOutput` false leaves the output out
   * (the shared NO_BYTES): the planner never reads it, and copying it out was a slice per transaction.
   */
  run(state: TxOverlay, msg: Message, withOutput = true): MessageResult {
    if (msg.gas < 0n || msg.gas > 0x7fffffffffffffffn) throw new Error(`gas ${msg.gas} out of range (0 .. 2^63-1)`);
    this.host.state = state;
    const m = this.mem, b = this.msgBase;
    m.ensure(this.inputBase + msg.input.length + (1 << 20));
    const dv = m.view();
    dv.setInt32(b + MSG.KIND, msg.kind === 'create' ? 4 : 0, true);
    dv.setInt32(b + MSG.STATIC, msg.isStatic ? 1 : 0, true);
    dv.setBigInt64(b + MSG.GAS, msg.gas, true);
    m.writeAddress(b + MSG.CALLER, msg.caller);
    m.writeAddress(b + MSG.ADDRESS, msg.address);
    m.writeAddress(b + MSG.CODE_ADDRESS, msg.codeAddress ?? msg.address);
    m.writeWord(b + MSG.VALUE, msg.value);
    dv.setUint32(b + MSG.INPUT_LEN, msg.input.length, true);
    dv.setInt32(b + MSG.NO_PRECOMPILE, msg.delegated ? 1 : 0, true);
    m.bytes().set(msg.input, this.inputBase);
    this.exports.execute();
    const v = m.view();
    const status = v.getInt32(b + MSG.RES_STATUS, true);
    return {
      status: STATUS_NAMES[status] ?? (`status-${status}` as StatusName),
      gasLeft: v.getBigInt64(b + MSG.RES_GAS_LEFT, true),
      refund: v.getBigInt64(b + MSG.RES_REFUND, true),
      output: withOutput ? m.copyOut(v.getUint32(b + MSG.RES_OUT_PTR, true), v.getUint32(b + MSG.RES_OUT_LEN, true)) : NO_BYTES,
    };
  }

  clearCodeCache(): void { this.exports.clearCodeCache(); }
}

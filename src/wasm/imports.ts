/**
 * Implements assembly/host.ts 1:1 (same names, same order) over a TxOverlay. No gas logic here:
 * every import reads or changes state, marks warmth and returns what the core prices.
 */
import type { TxOverlay } from '../state/overlay.js';
import { WasmMemory } from './codec.js';
import { READ, ACC, ACC_OUT, JOURNAL, ACCOUNT_OP, STORE_COLD, ENV } from './layout.js';
import { KECCAK_EMPTY } from '../state/memory-state.js';
import { runPrecompile } from '../precompiles/index.js';

/** What the imports act on; swapped per transaction by the engine. */
export interface HostContext {
  state: TxOverlay;
  fork: number;
  envBase: number;
}


export function isDelegation(code: Uint8Array): boolean {
  return code.length === 23 && code[0] === 0xef && code[1] === 0x01 && code[2] === 0x00;
}

export function createImports(mem: WasmMemory, host: HostContext): WebAssembly.Imports {
  const env = {
    abort(_msg: number, _file: number, line: number, col: number): never {
      throw new Error(`parevm core aborted at ${line}:${col}`);
    },

    account(addrPtr: number, fields: number, out: number): number {
      const s = host.state;
      const addr = mem.addressKey(addrPtr);
      let flags = 0;
      if (!(fields & READ.NO_WARM) && s.warmAddress(addr)) flags |= ACC.COLD;
      const exists = s.exists(addr);
      if (exists) flags |= ACC.EXISTS;
      if (fields & READ.BALANCE) mem.writeWord(out + ACC_OUT.BALANCE, s.balance(addr));
      if (fields & READ.NONCE) mem.view().setBigUint64(out + ACC_OUT.NONCE, s.nonce(addr), true);
      // (emptiness reads no more than decides it: a CALL with value to a contract reads its code, not its
      // balance, so deposits to one contract do not depend on each other: TxOverlay.isEmpty)
      if (fields & READ.EMPTY && s.isEmpty(addr)) flags |= ACC.EMPTY;
      if (fields & READ.STORAGE && s.hasStorage(addr)) flags |= ACC.HAS_STORAGE;
      if (fields & READ.CODE) {
        const code = s.code(addr);
        const dv = mem.view();
        dv.setUint32(out + ACC_OUT.CODE_SIZE, code.length, true);
        mem.writeHashAsWord(out + ACC_OUT.CODE_HASH, code.length ? s.codeHash(addr) : KECCAK_EMPTY);
        if (isDelegation(code)) {
          flags |= ACC.DELEGATED;
          mem.bytes().set(code.subarray(3, 23), out + ACC_OUT.DELEGATE);
        }
      }
      return flags;
    },

    // (slots and values stay words in the core's memory: state/slots.ts)
    storageLoad(addrPtr: number, keyPtr: number, out: number): number {
      const addr = mem.addressKey(addrPtr);
      return host.state.loadAt(addr, mem.words(), mem.wordIndex(keyPtr), mem.wordIndex(out)) ? 1 : 0;
    },

    storageStore(addrPtr: number, keyPtr: number, valuePtr: number): number {
      const addr = mem.addressKey(addrPtr);
      const w = mem.words(), key = mem.wordIndex(keyPtr);
      const cold = host.state.warmSlotAt(addr, w, key);
      const status = host.state.storeAt(addr, w, key, mem.wordIndex(valuePtr));
      return status | (cold ? STORE_COLD : 0);
    },

    transient(store: number, addrPtr: number, keyPtr: number, valuePtr: number): void {
      const addr = mem.addressKey(addrPtr);
      const slot = mem.wordKey(keyPtr);
      if (store) host.state.setTransient(addr, slot, mem.readWord(valuePtr));
      else mem.writeWord(valuePtr, host.state.getTransient(addr, slot));
    },

    codeCopy(addrPtr: number, offset: number, dest: number, len: number): void {
      const code = host.state.code(mem.addressKey(addrPtr));
      const u8 = mem.bytes();
      const start = offset >>> 0;
      const n = Math.max(0, Math.min(len, code.length - start));
      if (n > 0) u8.set(code.subarray(start, start + n), dest);
      if (n < len) u8.fill(0, dest + n, dest + len);
    },

    journal(op: number, id: number): number {
      const s = host.state;
      if (op === JOURNAL.CHECKPOINT) return s.checkpoint();
      if (op === JOURNAL.COMMIT) s.commit(id); else s.revert(id);
      return 0;
    },

    transfer(fromPtr: number, toPtr: number, valuePtr: number): number {
      const ok = host.state.transfer(mem.addressKey(fromPtr), mem.addressKey(toPtr), mem.readWord(valuePtr));
      return ok ? 0 : 1;
    },

    accountOp(op: number, addrPtr: number, ptr: number, len: number, ptr2: number): number {
      const s = host.state;
      const addr = mem.addressKey(addrPtr);
      switch (op) {
        case ACCOUNT_OP.INC_NONCE: s.setNonce(addr, s.nonce(addr) + 1n); return 0;
        case ACCOUNT_OP.CREATE_ACCOUNT: s.createAccount(addr); return 0;
        case ACCOUNT_OP.SET_CODE: s.setCode(addr, mem.copyOut(ptr, len), mem.copyOut(ptr2, 32)); return 0;
        case ACCOUNT_OP.SELFDESTRUCT: return s.selfdestruct(addr, mem.addressKey(ptr)) ? 1 : 0;
        case ACCOUNT_OP.TOUCH: s.touch(addr); return 0;
        case ACCOUNT_OP.HAS_BALANCE: return s.hasAtLeast(addr, mem.readWord(ptr)) ? 1 : 0;
        default: throw new Error(`accountOp: unknown op ${op}`);
      }
    },

    log(addrPtr: number, topics: number, count: number, data: number, len: number): void {
      host.state.addLog(mem.logAt(addrPtr, topics, count, data, len));
    },

    blockHash(number: bigint, out: number): void {
      const h = host.state.base.getBlockHash(BigInt.asUintN(64, number));
      if (h) mem.writeHashAsWord(out, h); else mem.writeWord(out, 0n);
    },

    precompile(address: number, input: number, len: number, gas: bigint, out: number): bigint {
      let r;
      try {
        r = runPrecompile(address, mem.copyOut(input, len), gas, host.fork);
      } catch {
        r = { ok: false, gasUsed: gas, output: new Uint8Array(0) }; // malformed input the library rejected by throwing
      }
      if (!r.ok) { mem.view().setUint32(host.envBase + ENV.IO_LEN, 0, true); return -1n; }
      mem.copyIn(out, r.output);
      mem.view().setUint32(host.envBase + ENV.IO_LEN, r.output.length, true);
      return r.gasUsed;
    },
  };
  return { env };
}

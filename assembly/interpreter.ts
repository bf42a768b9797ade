// The dispatch loop: fetch, table checks (defined in this fork, stack bounds, static gas), then the body.
// Bodies may assume the checks passed; they compute, charge dynamic gas and set ctx.status to halt.
import * as ctx from './context';
import * as S from './status';
import * as U from './u256';
import * as M from './memory';
import * as L from './layout';
import * as E from './instructions/environment';
import * as Y from './instructions/system';
import * as T from './instructions/storage';
import { UNDEFINED } from './gas/tables';
import { stackRequired, stackChange } from './opcodes';
import { isJumpdest } from './analysis';
import { keccak256 } from './crypto/keccak';
import * as G from './gas/constants';
import * as F from './forks';

/** Runs the current frame until it halts (returns its status) or suspends for a call (S.SUSPEND_CALL). */
export function run(): i32 {
  let table = ctx.gasTable;
  while (true) {
    let op = <i32>load<u8>(ctx.pc);
    let cost = <i32>load<u16>(table + (<usize>op << 1));
    if (cost == UNDEFINED) return S.INVALID_OPCODE;
    let depth = <i32>((ctx.sp - ctx.stackBase) >> 5);
    if (depth < stackRequired(op)) return S.STACK_UNDERFLOW;
    if (depth + stackChange(op) > L.STACK_LIMIT) return S.STACK_OVERFLOW;
    ctx.gas -= cost;
    if (ctx.gas < 0) return S.OUT_OF_GAS;
    ctx.pc++;
    let sp = ctx.sp;
    let a = sp - 32, b = sp - 64, c = sp - 96;
    switch (op) {
      case 0x00: return S.SUCCESS; // STOP
      case 0x01: U.add(a, b, b); ctx.sp = a; break;
      case 0x02: U.mul(a, b, b); ctx.sp = a; break;
      case 0x03: U.sub(a, b, b); ctx.sp = a; break;
      case 0x04: U.div(a, b, b); ctx.sp = a; break;
      case 0x05: U.sdiv(a, b, b); ctx.sp = a; break;
      case 0x06: U.mod(a, b, b); ctx.sp = a; break;
      case 0x07: U.smod(a, b, b); ctx.sp = a; break;
      case 0x08: U.addmod(a, b, c, c); ctx.sp = b; break;
      case 0x09: U.mulmod(a, b, c, c); ctx.sp = b; break;
      case 0x0a: { // EXP: 10 + 10 (50 from EIP-160) per exponent byte
        let perByte = ctx.fork >= F.SPURIOUS_DRAGON ? G.G_EXP_BYTE_EIP160 : G.G_EXP_BYTE_FRONTIER;
        ctx.gas -= perByte * <i64>U.expByteLength(b);
        if (ctx.gas < 0) return S.OUT_OF_GAS;
        U.exp(a, b, b); ctx.sp = a; break;
      }
      case 0x0b: U.signextend(a, b, b); ctx.sp = a; break;
      case 0x10: U.setU64(b, <u64>U.lt(a, b)); ctx.sp = a; break;
      case 0x11: U.setU64(b, <u64>U.gt(a, b)); ctx.sp = a; break;
      case 0x12: U.setU64(b, <u64>U.slt(a, b)); ctx.sp = a; break;
      case 0x13: U.setU64(b, <u64>U.sgt(a, b)); ctx.sp = a; break;
      case 0x14: U.setU64(b, <u64>U.eq(a, b)); ctx.sp = a; break;
      case 0x15: U.setU64(a, <u64>U.isZero(a)); break;
      case 0x16: U.and(a, b, b); ctx.sp = a; break;
      case 0x17: U.or(a, b, b); ctx.sp = a; break;
      case 0x18: U.xor(a, b, b); ctx.sp = a; break;
      case 0x19: U.not(a, a); break;
      case 0x1a: U.byteAt(a, b, b); ctx.sp = a; break;
      case 0x1b: U.shl(a, b, b); ctx.sp = a; break;
      case 0x1c: U.shr(a, b, b); ctx.sp = a; break;
      case 0x1d: U.sar(a, b, b); ctx.sp = a; break;
      case 0x1e: U.clz(a, a); break;
      case 0x20: { // KECCAK256
        if (!M.ensure(a, b) || !M.chargeWords(M.size, G.G_KECCAK_WORD)) return ctx.status;
        keccak256(ctx.memBase + M.offset, M.size, b);
        U.loadBigEndian(b, b);
        ctx.sp = a; break;
      }
      case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37:
      case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c: case 0x3d: case 0x3e: case 0x3f:
      case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
      case 0x48: case 0x49: case 0x4a:
        if (!E.environment(op)) return ctx.status;
        break;
      case 0x50: ctx.sp = a; break; // POP
      case 0x51: { // MLOAD
        if (!M.ensureAt(a, 32)) return ctx.status;
        U.loadBigEndian(ctx.memBase + M.offset, a); break;
      }
      case 0x52: { // MSTORE
        if (!M.ensureAt(a, 32)) return ctx.status;
        U.storeBigEndian(b, ctx.memBase + M.offset); ctx.sp = b; break;
      }
      case 0x53: { // MSTORE8
        if (!M.ensureAt(a, 1)) return ctx.status;
        store<u8>(ctx.memBase + M.offset, load<u8>(b)); ctx.sp = b; break;
      }
      case 0x54: case 0x55: case 0x5c: case 0x5d:
        if (!T.storage(op)) return ctx.status;
        break;
      case 0x56: { // JUMP
        if (!U.fitsU64(a) || !isJumpdest(ctx.jumpdests, ctx.codeLen, U.toU64(a))) return S.BAD_JUMP;
        ctx.pc = ctx.code + <usize>U.toU64(a); ctx.sp = a; break;
      }
      case 0x57: { // JUMPI
        if (!U.isZero(b)) {
          if (!U.fitsU64(a) || !isJumpdest(ctx.jumpdests, ctx.codeLen, U.toU64(a))) return S.BAD_JUMP;
          ctx.pc = ctx.code + <usize>U.toU64(a);
        }
        ctx.sp = b; break;
      }
      case 0x58: U.setU64(sp, <u64>(ctx.pc - 1 - ctx.code)); ctx.sp = sp + 32; break; // PC
      case 0x59: U.setU64(sp, <u64>ctx.memSize); ctx.sp = sp + 32; break; // MSIZE
      case 0x5a: U.setU64(sp, <u64>ctx.gas); ctx.sp = sp + 32; break; // GAS
      case 0x5b: break; // JUMPDEST
      case 0x5e: { // MCOPY (EIP-5656): dst, src, len
        if (!U.isZero(c)) {
          if (!U.fitsU64(a) || !U.fitsU64(b) || !U.fitsU64(c)) return S.OUT_OF_GAS;
          let len = U.toU64(c);
          let hi = U.toU64(a) > U.toU64(b) ? U.toU64(a) : U.toU64(b);
          if (!M.ensureRange(hi, len) || !M.chargeWords(<u32>len, G.G_COPY)) return ctx.status;
          memory.copy(ctx.memBase + <usize>U.toU64(a), ctx.memBase + <usize>U.toU64(b), <usize>len);
        }
        ctx.sp = c; break;
      }
      case 0x5f: U.setZero(sp); ctx.sp = sp + 32; break; // PUSH0 (EIP-3855)
      case 0x60: { // PUSH1
        U.setU64(sp, <u64>load<u8>(ctx.pc)); ctx.pc += 1; ctx.sp = sp + 32; break;
      }
      case 0x61: case 0x62: case 0x63: case 0x64: case 0x65: case 0x66: case 0x67:
      case 0x68: case 0x69: case 0x6a: case 0x6b: case 0x6c: case 0x6d: case 0x6e: case 0x6f:
      case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
      case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f: {
        let n = <u32>(op - 0x5f);
        U.loadBigEndianPartial(ctx.pc, n, sp);
        ctx.pc += n; ctx.sp = sp + 32; break;
      }
      case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
      case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f: {
        U.copy(sp - (<usize>(op - 0x7f) << 5), sp); ctx.sp = sp + 32; break; // DUPn
      }
      case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
      case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f: {
        let other = a - (<usize>(op - 0x8f) << 5); // SWAPn
        let t0 = load<u64>(a), t1 = load<u64>(a, 8), t2 = load<u64>(a, 16), t3 = load<u64>(a, 24);
        store<u64>(a, load<u64>(other)); store<u64>(a, load<u64>(other, 8), 8);
        store<u64>(a, load<u64>(other, 16), 16); store<u64>(a, load<u64>(other, 24), 24);
        store<u64>(other, t0); store<u64>(other, t1, 8); store<u64>(other, t2, 16); store<u64>(other, t3, 24);
        break;
      }
      case 0xa0: case 0xa1: case 0xa2: case 0xa3: case 0xa4:
        if (!T.log(op - 0xa0)) return ctx.status;
        break;
      case 0xf0: case 0xf5: {
        let r = Y.create(op == 0xf5);
        if (r != Y.CONTINUE) return r;
        break;
      }
      case 0xf1: case 0xf2: case 0xf4: case 0xfa: {
        let r = Y.call(op);
        if (r != Y.CONTINUE) return r;
        break;
      }
      case 0xf3: case 0xfd: { // RETURN, REVERT (EIP-140)
        if (!M.ensure(a, b)) return ctx.status;
        store<u32>(ctx.frame, M.offset, L.F_OUT_OFFSET);
        store<u32>(ctx.frame, M.size, L.F_OUT_LEN);
        ctx.sp = b;
        return op == 0xf3 ? S.SUCCESS : S.REVERT;
      }
      case 0xff: return Y.selfdestruct();
      default: return S.INVALID_OPCODE;
    }
  }
  return S.INVALID_OPCODE;
}

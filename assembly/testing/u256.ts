// Test entry for assembly/u256.ts: runs one operation on words in a fixed scratch buffer.
// Layout (byte offsets from scratch()): a = +0, b = +32, c = +64, default result = +96,
// byte buffer for the big-endian conversions = +160 (with slack after it).
import * as U from '../u256';

const S: usize = memory.data(512, 16);

export function scratch(): usize {
  return S;
}

/**
 * Runs operation `code` on a = S+0, b = S+32, c = S+64 writing the word result to S+rOff
 * (96 normally; 0 or 32 to test aliasing of the result with a or b). Returns boolean / integer
 * results (or 0).
 */
export function op(code: i32, rOff: i32): i32 {
  const a = S, b = S + 32, c = S + 64, r = S + <usize>rOff, buf = S + 160;
  switch (code) {
    case 0: U.add(a, b, r); break;
    case 1: U.sub(a, b, r); break;
    case 2: U.mul(a, b, r); break;
    case 3: U.div(a, b, r); break;
    case 4: U.mod(a, b, r); break;
    case 5: U.sdiv(a, b, r); break;
    case 6: U.smod(a, b, r); break;
    case 7: U.addmod(a, b, c, r); break;
    case 8: U.mulmod(a, b, c, r); break;
    case 9: U.exp(a, b, r); break;
    case 10: U.signextend(a, b, r); break;
    case 11: return <i32>U.lt(a, b);
    case 12: return <i32>U.gt(a, b);
    case 13: return <i32>U.slt(a, b);
    case 14: return <i32>U.sgt(a, b);
    case 15: return <i32>U.eq(a, b);
    case 16: return <i32>U.isZero(a);
    case 17: U.and(a, b, r); break;
    case 18: U.or(a, b, r); break;
    case 19: U.xor(a, b, r); break;
    case 20: U.not(a, r); break;
    case 21: U.byteAt(a, b, r); break;
    case 22: U.shl(a, b, r); break;
    case 23: U.shr(a, b, r); break;
    case 24: U.sar(a, b, r); break;
    case 25: U.clz(a, r); break;
    case 26: return U.expByteLength(a);
    case 27: return U.bitLength(a);
    case 28: return <i32>U.fitsU64(a);
    case 29: return <i32>U.fitsU32(a);
    case 30: return <i32>U.isMax(a);
    case 31: return <i32>U.isNeg(a);
    case 32: U.setU64(r, U.toU64(a)); break;
    case 33: U.setU64(r, U.toU64Sat(a)); break;
    case 34: U.copy(a, r); break;
    case 35: U.setZero(r); break;
    case 36: U.setMax(r); break;
    case 37: U.neg(a, r); break;
    case 38: U.loadBigEndian(buf, r); break;
    case 39: U.storeBigEndian(a, buf); break;
    case 40: U.loadBigEndianPartial(buf, <i32>U.toU64(b), r); break;
    case 41: U.storeBigEndianPartial(a, buf, <i32>U.toU64(b)); break;
    default: unreachable();
  }
  return 0;
}

export function divAddBackCount(): u32 {
  return U._divAddBackCount();
}

export function divQhatMaxCount(): u32 {
  return U._divQhatMaxCount();
}

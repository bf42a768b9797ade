// 0x30–0x4a: ADDRESS … EXTCODEHASH (account and call environment), BLOCKHASH … BLOBBASEFEE (block env).
import * as ctx from '../context';
import * as S from '../status';
import * as U from '../u256';
import * as M from '../memory';
import * as L from '../layout';
import * as H from '../host';
import * as G from '../gas/constants';
import * as F from '../forks';
import { addressToWord, wordToAddress, clampU32 } from '../words';

const ADDR: usize = memory.data(32, 16);
const ACC: usize = memory.data(H.ACC_OUT_SIZE, 16);

/** EIP-2929: charges the cold surcharge on top of the warm price the table charged. */
// @ts-ignore: decorator
@inline export function chargeColdAccount(flags: i32): bool {
  if (ctx.fork >= F.BERLIN && (flags & H.ACC_COLD) != 0) {
    ctx.gas -= G.G_COLD_ACCOUNT - G.G_WARM_ACCESS;
    if (ctx.gas < 0) { ctx.status = S.OUT_OF_GAS; return false; }
  }
  return true;
}

// @ts-ignore: decorator
@inline function push(): usize { let p = ctx.sp; ctx.sp = p + 32; return p; }
// @ts-ignore: decorator
@inline function envWord(offset: i32, r: usize): void { U.copy(L.ENV + <usize>offset, r); }

/** Runs the environment opcode `op`; false with ctx.status set when the frame must halt. */
export function environment(op: i32): bool {
  let sp = ctx.sp;
  let a = sp - 32, b = sp - 64, c = sp - 96;
  let f = ctx.frame;
  switch (op) {
    case 0x30: addressToWord(f + L.F_ADDRESS, push()); break; // ADDRESS
    case 0x31: { // BALANCE
      wordToAddress(a, ADDR);
      let flags = H.account(ADDR, H.READ_BALANCE, ACC);
      if (!chargeColdAccount(flags)) return false;
      U.copy(ACC + H.ACC_OUT_BALANCE, a);
      break;
    }
    case 0x32: addressToWord(L.ENV + L.ENV_ORIGIN, push()); break; // ORIGIN
    case 0x33: addressToWord(f + L.F_CALLER, push()); break; // CALLER
    case 0x34: U.copy(f + L.F_VALUE, push()); break; // CALLVALUE
    case 0x35: { // CALLDATALOAD
      let len = load<u32>(f, L.F_CALLDATA_LEN);
      let data = <usize>load<u32>(f, L.F_CALLDATA);
      if (!U.fitsU64(a) || U.toU64(a) >= <u64>len) { U.setZero(a); break; }
      let o = <u32>U.toU64(a);
      if (o + 32 <= len) { U.loadBigEndian(data + o, a); break; }
      let tmp = ADDR; // 32 bytes
      memory.fill(tmp, 0, 32);
      memory.copy(tmp, data + o, len - o);
      U.loadBigEndian(tmp, a);
      break;
    }
    case 0x36: U.setU64(push(), <u64>load<u32>(f, L.F_CALLDATA_LEN)); break; // CALLDATASIZE
    case 0x37: { // CALLDATACOPY
      if (!M.ensure(a, c) || !M.chargeWords(M.size, G.G_COPY)) return false;
      M.copyPadded(M.offset, <usize>load<u32>(f, L.F_CALLDATA), <u64>load<u32>(f, L.F_CALLDATA_LEN), b, M.size);
      ctx.sp = c; break;
    }
    case 0x38: U.setU64(push(), <u64>ctx.codeLen); break; // CODESIZE
    case 0x39: { // CODECOPY
      if (!M.ensure(a, c) || !M.chargeWords(M.size, G.G_COPY)) return false;
      M.copyPadded(M.offset, ctx.code, <u64>ctx.codeLen, b, M.size);
      ctx.sp = c; break;
    }
    case 0x3a: envWord(L.ENV_GAS_PRICE, push()); break; // GASPRICE
    case 0x3b: { // EXTCODESIZE
      wordToAddress(a, ADDR);
      let flags = H.account(ADDR, H.READ_CODE, ACC);
      if (!chargeColdAccount(flags)) return false;
      U.setU64(a, <u64>load<u32>(ACC, H.ACC_OUT_CODE_SIZE));
      break;
    }
    case 0x3c: { // EXTCODECOPY: address, destOffset, offset, size
      let d = sp - 128;
      wordToAddress(a, ADDR);
      if (!M.ensure(b, d) || !M.chargeWords(M.size, G.G_COPY)) return false;
      let flags = H.account(ADDR, H.READ_CODE, ACC);
      if (!chargeColdAccount(flags)) return false;
      if (M.size != 0) H.codeCopy(ADDR, clampU32(c), ctx.memBase + M.offset, M.size);
      ctx.sp = d; break;
    }
    case 0x3d: U.setU64(push(), <u64>ctx.retLen); break; // RETURNDATASIZE (EIP-211)
    case 0x3e: { // RETURNDATACOPY (EIP-211): destOffset, offset, size
      if (!M.ensure(a, c) || !M.chargeWords(M.size, G.G_COPY)) return false;
      if (!U.fitsU64(b) || !U.fitsU64(c) || U.toU64(b) > <u64>ctx.retLen || U.toU64(c) > <u64>ctx.retLen - U.toU64(b)) {
        ctx.status = S.RETURNDATA_OUT_OF_BOUNDS; return false;
      }
      if (M.size != 0) memory.copy(ctx.memBase + M.offset, ctx.memBase + ctx.memSize + <usize>U.toU64(b), M.size);
      ctx.sp = c; break;
    }
    case 0x3f: { // EXTCODEHASH (EIP-1052): 0 for an empty or absent account
      wordToAddress(a, ADDR);
      let flags = H.account(ADDR, H.READ_CODE | H.READ_EMPTY, ACC);
      if (!chargeColdAccount(flags)) return false;
      if ((flags & H.ACC_EMPTY) != 0 || (flags & H.ACC_EXISTS) == 0) U.setZero(a);
      else U.copy(ACC + H.ACC_OUT_CODE_HASH, a);
      break;
    }
    case 0x40: { // BLOCKHASH: only the 256 most recent complete blocks
      let current = load<u64>(L.ENV, L.ENV_NUMBER_U64);
      if (!U.fitsU64(a)) { U.setZero(a); break; }
      let n = U.toU64(a);
      if (n >= current || current - n > 256) { U.setZero(a); break; }
      H.blockHash(<i64>n, a);
      break;
    }
    case 0x41: addressToWord(L.ENV + L.ENV_COINBASE, push()); break; // COINBASE
    case 0x42: envWord(L.ENV_TIMESTAMP, push()); break; // TIMESTAMP
    case 0x43: envWord(L.ENV_NUMBER, push()); break; // NUMBER
    case 0x44: envWord(L.ENV_PREVRANDAO, push()); break; // DIFFICULTY / PREVRANDAO (EIP-4399)
    case 0x45: envWord(L.ENV_GAS_LIMIT, push()); break; // GASLIMIT
    case 0x46: envWord(L.ENV_CHAIN_ID, push()); break; // CHAINID (EIP-1344)
    case 0x47: { // SELFBALANCE (EIP-1884)
      H.account(f + L.F_ADDRESS, H.READ_BALANCE | H.NO_WARM, ACC);
      U.copy(ACC + H.ACC_OUT_BALANCE, push());
      break;
    }
    case 0x48: envWord(L.ENV_BASE_FEE, push()); break; // BASEFEE (EIP-3198)
    case 0x49: { // BLOBHASH (EIP-4844)
      let count = load<i32>(L.ENV, L.ENV_BLOB_HASH_COUNT);
      if (U.fitsU64(a) && U.toU64(a) < <u64>count) U.copy(L.ENV + L.ENV_BLOB_HASHES + (<usize>U.toU64(a) << 5), a);
      else U.setZero(a);
      break;
    }
    case 0x4a: envWord(L.ENV_BLOB_BASE_FEE, push()); break; // BLOBBASEFEE (EIP-7516)
    default: ctx.status = S.INVALID_OPCODE; return false;
  }
  return true;
}

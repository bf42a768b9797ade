// Call frames in linear memory: begin a message (checkpoint, transfer, code), end it (code deposit,
// commit or revert), and resume the parent. No recursion: execute() drives all frames in one loop.
import * as ctx from './context';
import * as S from './status';
import * as U from './u256';
import * as L from './layout';
import * as H from './host';
import * as G from './gas/constants';
import * as F from './forks';
import * as A from './analysis';
import { run } from './interpreter';
import { tableOf } from './gas/tables';
import { keccak256 } from './crypto/keccak';
import { blake2fPrecompile } from './precompiles/blake2f';
import { ecrecover } from './precompiles/secp256k1';
import { ecAdd, ecMul } from './precompiles/bn254';
import { ecPairing } from './precompiles/bn254-pairing';

/** beginMessage(): the frame is ready to run. */
export const RUN: i32 = -2;

const ACC: usize = memory.data(H.ACC_OUT_SIZE, 16);
const HASH: usize = memory.data(32, 16);
const ADDRESS_TMP: usize = memory.data(32, 16);
const ECRECOVER: i32 = 1;
const ECADD: i32 = 6;
const ECMUL: i32 = 7;
const ECPAIRING: i32 = 8;
const IDENTITY: i32 = 4;
const BLAKE2F: i32 = 9;

// @ts-ignore: decorator
@inline function align32(p: usize): usize { return (p + 31) & ~<usize>31; }

/** Saves the running frame's registers into its header. */
export function saveFrame(): void {
  let f = ctx.frame;
  store<u32>(f, <u32>(ctx.pc - ctx.code), L.F_PC);
  store<i64>(f, ctx.gas, L.F_GAS);
  store<i64>(f, ctx.refund, L.F_REFUND);
  store<u32>(f, <u32>ctx.sp, L.F_SP);
  store<u32>(f, ctx.memSize, L.F_MEM_SIZE);
  store<u32>(f, ctx.retLen, L.F_RETDATA_LEN);
}

/** Makes frame `f` the running frame. */
export function loadFrame(f: usize): void {
  ctx.frame = f;
  ctx.code = <usize>load<u32>(f, L.F_CODE);
  ctx.codeLen = load<u32>(f, L.F_CODE_LEN);
  ctx.jumpdests = <usize>load<u32>(f, L.F_JUMPDESTS);
  ctx.pc = ctx.code + <usize>load<u32>(f, L.F_PC);
  ctx.gas = load<i64>(f, L.F_GAS);
  ctx.refund = load<i64>(f, L.F_REFUND);
  ctx.stackBase = f + L.FRAME_HEADER;
  ctx.sp = <usize>load<u32>(f, L.F_SP);
  ctx.memBase = <usize>load<u32>(f, L.F_MEM_BASE);
  ctx.memSize = load<u32>(f, L.F_MEM_SIZE);
  ctx.retLen = load<u32>(f, L.F_RETDATA_LEN);
  ctx.isStatic = load<i32>(f, L.F_STATIC) != 0;
  ctx.status = S.SUCCESS;
}

/** True when `addr` (20 bytes) is a precompile active in `fork`; its number is left in `precompileId`. */
export let precompileId: i32 = 0;
export function isPrecompile(addr: usize, fork: i32): bool {
  if (load<u64>(addr) != 0 || load<u64>(addr, 8) != 0 || load<u8>(addr, 16) != 0 || load<u8>(addr, 17) != 0) return false;
  let p = (<i32>load<u8>(addr, 18) << 8) | <i32>load<u8>(addr, 19);
  precompileId = p;
  if (p >= 1 && p <= 4) return true; // ecrecover, sha256, ripemd160, identity
  if (p >= 5 && p <= 8) return fork >= F.BYZANTIUM; // modexp (EIP-198), bn254 (EIP-196/197)
  if (p == 9) return fork >= F.ISTANBUL; // blake2f (EIP-152)
  if (p == 0x0a) return fork >= F.CANCUN; // point evaluation (EIP-4844)
  if (p >= 0x0b && p <= 0x11) return fork >= F.PRAGUE; // BLS12-381 (EIP-2537)
  if (p == 0x100) return fork >= F.OSAKA; // P256VERIFY (EIP-7951)
  return false;
}

/**
 * Begins the message described by frame header `f` (kind, addresses, value, gas, calldata, depth, static
 * filled in): checkpoint, account creation, value transfer, code. For CREATE the init code is [initcode,
 * initcode + initLen). Returns RUN, or the final status when there is nothing to run (a precompile).
 */
export function beginMessage(f: usize, initcode: usize, initLen: u32): i32 {
  let kind = load<i32>(f, L.F_KIND);
  let address = f + L.F_ADDRESS;
  let fork = ctx.fork;
  store<i32>(f, H.journal(H.JOURNAL_CHECKPOINT, 0), L.F_CHECKPOINT);
  store<i64>(f, 0, L.F_REFUND);
  store<u32>(f, 0, L.F_OUT_LEN);
  store<u32>(f, 0, L.F_RETDATA_LEN);
  store<u32>(f, 0, L.F_MEM_SIZE);
  store<u32>(f, 0, L.F_PC);
  let isCreate = kind == L.KIND_CREATE || kind == L.KIND_CREATE2;
  if (isCreate) H.accountOp(H.OP_CREATE_ACCOUNT, address, 0, 0, 0);
  // value moves for CALL, CALLCODE (to itself) and CREATE; the target is touched either way (EIP-161)
  if (kind != L.KIND_DELEGATECALL && kind != L.KIND_STATICCALL) {
    H.transfer(f + L.F_CALLER, address, f + L.F_VALUE);
  } else if (kind == L.KIND_STATICCALL) {
    H.transfer(f + L.F_CALLER, address, f + L.F_VALUE); // value is zero: a touch
  }
  let stackBase = f + L.FRAME_HEADER;
  store<u32>(f, <u32>stackBase, L.F_SP);
  let codeArea = stackBase + L.STACK_BYTES;
  if (isCreate) {
    if (!L.ensureMemory(codeArea + A.preparedSize(initLen) + 4096)) return S.MEMORY_LIMIT;
    memory.copy(codeArea, initcode, initLen);
    let bitmap = A.prepare(codeArea, initLen);
    store<u32>(f, <u32>codeArea, L.F_CODE);
    store<u32>(f, initLen, L.F_CODE_LEN);
    store<u32>(f, <u32>bitmap, L.F_JUMPDESTS);
    store<u32>(f, <u32>align32(codeArea + A.preparedSize(initLen)), L.F_MEM_BASE);
    return RUN;
  }
  let codeAddress = f + L.F_CODE_ADDRESS;
  // EIP-7702: a delegation never runs a precompile
  if (load<i32>(f, L.F_NO_PRECOMPILE) == 0 && isPrecompile(codeAddress, fork)) return runPrecompile(f, precompileId);
  H.account(codeAddress, H.READ_CODE | H.NO_WARM, ACC);
  let len = load<u32>(ACC, H.ACC_OUT_CODE_SIZE);
  let entry: usize = len == 0 ? 0 : A.lookup(ACC + H.ACC_OUT_CODE_HASH);
  if (entry == 0 && len != 0) {
    entry = A.reserve(ACC + H.ACC_OUT_CODE_HASH, len);
    if (entry != 0) {
      H.codeCopy(codeAddress, 0, A.entryCode(entry), len);
      A.seal(entry);
    }
  }
  if (entry != 0) {
    store<u32>(f, <u32>A.entryCode(entry), L.F_CODE);
    store<u32>(f, len, L.F_CODE_LEN);
    store<u32>(f, <u32>A.entryBitmap(entry), L.F_JUMPDESTS);
    store<u32>(f, <u32>codeArea, L.F_MEM_BASE);
  } else {
    if (!L.ensureMemory(codeArea + A.preparedSize(len) + 4096)) return S.MEMORY_LIMIT;
    if (len != 0) H.codeCopy(codeAddress, 0, codeArea, len);
    let bitmap = A.prepare(codeArea, len);
    store<u32>(f, <u32>codeArea, L.F_CODE);
    store<u32>(f, len, L.F_CODE_LEN);
    store<u32>(f, <u32>bitmap, L.F_JUMPDESTS);
    store<u32>(f, <u32>align32(codeArea + A.preparedSize(len)), L.F_MEM_BASE);
  }
  if (!L.ensureMemory(<usize>load<u32>(f, L.F_MEM_BASE) + 4096)) return S.MEMORY_LIMIT;
  return RUN;
}

/** Runs precompile `id` for frame `f`: output at f + FRAME_HEADER; commits or reverts; returns the status. */
function runPrecompile(f: usize, id: i32): i32 {
  let gas = load<i64>(f, L.F_GAS);
  let input = <usize>load<u32>(f, L.F_CALLDATA);
  let len = load<u32>(f, L.F_CALLDATA_LEN);
  let out = f + L.FRAME_HEADER;
  let used: i64 = -1;
  let outLen: u32 = 0;
  if (id == ECRECOVER) { // 3000; a signature that recovers no key returns nothing (and succeeds)
    used = 3000;
    if (used <= gas) {
      if (!L.ensureMemory(out + 64)) return S.MEMORY_LIMIT;
      outLen = ecrecover(input, len, out) ? 32 : 0;
    }
  } else if (id == ECADD || id == ECMUL) { // EIP-196; EIP-1108 prices from Istanbul; an invalid point fails the call
    const istanbul = ctx.fork >= F.ISTANBUL;
    used = id == ECADD ? (istanbul ? 150 : 500) : (istanbul ? 6000 : 40000);
    if (used <= gas) {
      if (!L.ensureMemory(out + 64)) return S.MEMORY_LIMIT;
      if (id == ECADD ? ecAdd(input, len, out) : ecMul(input, len, out)) outLen = 64; else used = -1;
    }
  } else if (id == ECPAIRING) { // EIP-197; EIP-1108 prices from Istanbul; a bad length or point fails the call
    const pairs = <i64>(len / 192);
    used = ctx.fork >= F.ISTANBUL ? 45000 + 34000 * pairs : 100000 + 80000 * pairs;
    if (used <= gas) {
      if (!L.ensureMemory(out + 32)) return S.MEMORY_LIMIT;
      if (ecPairing(input, len, out)) outLen = 32; else used = -1;
    }
  } else if (id == IDENTITY) { // 15 + 3 per word
    used = 15 + 3 * <i64>((<u64>len + 31) >> 5);
    if (used <= gas) {
      if (L.ensureMemory(out + <usize>len + 64)) { memory.copy(out, input, len); outLen = len; } else used = -1;
    }
  } else if (id == BLAKE2F) { // EIP-152: gas = rounds
    if (len == 213) {
      let rounds = <i64>bswap<u32>(load<u32>(input));
      if (rounds <= gas) { used = blake2fPrecompile(input, len, out); outLen = used >= 0 ? 64 : 0; }
    }
  } else {
    if (!L.ensureMemory(out + 4096)) return S.MEMORY_LIMIT;
    used = H.precompile(id, input, len, gas, out);
    outLen = load<u32>(L.ENV, L.ENV_IO_LEN);
  }
  store<u32>(f, <u32>out, L.F_OUT_PTR);
  let checkpoint = load<i32>(f, L.F_CHECKPOINT);
  if (used < 0 || used > gas) {
    H.journal(H.JOURNAL_REVERT, checkpoint);
    store<i64>(f, 0, L.F_GAS);
    store<u32>(f, 0, L.F_OUT_LEN);
    return S.PRECOMPILE_FAILURE;
  }
  H.journal(H.JOURNAL_COMMIT, checkpoint);
  store<i64>(f, gas - used, L.F_GAS);
  store<u32>(f, outLen, L.F_OUT_LEN);
  return S.SUCCESS;
}

/**
 * Ends the running frame with `status`: deposits code for a successful CREATE (EIP-170, EIP-3541),
 * commits or reverts its checkpoint, leaves gas left in F_GAS, refund in F_REFUND and the output at
 * F_OUT_PTR / F_OUT_LEN. Returns the final status.
 */
export function endFrame(status: i32): i32 {
  let f = ctx.frame;
  let gas = ctx.gas;
  let outPtr = ctx.memBase + <usize>load<u32>(f, L.F_OUT_OFFSET);
  let outLen = status <= S.REVERT ? load<u32>(f, L.F_OUT_LEN) : 0;
  let kind = load<i32>(f, L.F_KIND);
  if (status == S.SUCCESS && (kind == L.KIND_CREATE || kind == L.KIND_CREATE2)) {
    let fork = ctx.fork;
    let depositGas = <i64>outLen * G.G_CODE_DEPOSIT;
    if (fork >= F.LONDON && outLen > 0 && load<u8>(outPtr) == 0xEF) status = S.INVALID_CODE_PREFIX; // EIP-3541
    else if (fork >= F.SPURIOUS_DRAGON && outLen > <u32>G.MAX_CODE_SIZE) status = S.CODE_SIZE_EXCEEDED; // EIP-170
    else if (depositGas > gas) {
      if (fork >= F.HOMESTEAD) status = S.OUT_OF_GAS; // EIP-2
      else outLen = 0; // Frontier: the contract stays, without code
    } else {
      gas -= depositGas;
      keccak256(outPtr, outLen, HASH);
      H.accountOp(H.OP_SET_CODE, f + L.F_ADDRESS, outPtr, outLen, HASH);
    }
    if (status == S.SUCCESS) outLen = 0; // a successful CREATE leaves no return data
  }
  let checkpoint = load<i32>(f, L.F_CHECKPOINT);
  if (status == S.SUCCESS) {
    H.journal(H.JOURNAL_COMMIT, checkpoint);
  } else {
    H.journal(H.JOURNAL_REVERT, checkpoint);
    if (status != S.REVERT) { gas = 0; outLen = 0; }
  }
  store<i64>(f, gas, L.F_GAS);
  store<i64>(f, status == S.SUCCESS ? ctx.refund : 0, L.F_REFUND);
  store<u32>(f, <u32>outPtr, L.F_OUT_PTR);
  store<u32>(f, outLen, L.F_OUT_LEN);
  return status;
}

/**
 * Resumes `parent` after its child frame `child` ended with `status`: gas and refund come back, the
 * child's output becomes the parent's return data (and is copied to the CALL's output range), and the
 * result is pushed.
 */
export function resumeParent(parent: usize, child: usize, status: i32): void {
  // read everything from the child's header first: its output is copied over it
  let childGas = load<i64>(child, L.F_GAS);
  let childRefund = load<i64>(child, L.F_REFUND);
  let outPtr = <usize>load<u32>(child, L.F_OUT_PTR);
  let outLen = load<u32>(child, L.F_OUT_LEN);
  let kind = load<i32>(child, L.F_KIND);
  let want = load<u32>(child, L.F_RET_LEN);
  let retOffset = <usize>load<u32>(child, L.F_RET_OFFSET);
  let created = ADDRESS_TMP;
  memory.copy(created, child + L.F_ADDRESS, 20);
  loadFrame(parent);
  ctx.gas += childGas;
  if (status == S.SUCCESS) ctx.refund += childRefund;
  let retData = ctx.memBase + ctx.memSize;
  if (outLen != 0) memory.copy(retData, outPtr, outLen);
  ctx.retLen = outLen;
  let result = ctx.sp;
  ctx.sp = result + 32;
  if (kind == L.KIND_CREATE || kind == L.KIND_CREATE2) {
    if (status == S.SUCCESS) U.loadBigEndianPartial(created, 20, result);
    else U.setZero(result);
  } else {
    let n = want < outLen ? want : outLen;
    if (n != 0) memory.copy(ctx.memBase + retOffset, retData, n);
    U.setU64(result, status == S.SUCCESS ? 1 : 0);
  }
}

/** Runs the message in MSG to completion, all nested frames included; writes RES_*. */
export function execute(): void {
  let msg = L.MSG;
  ctx.fork = load<i32>(L.ENV, L.ENV_FORK);
  ctx.gasTable = tableOf(ctx.fork);
  let inputLen = load<u32>(msg, L.MSG_INPUT_LEN);
  let input = L.DYNAMIC;
  let f = align32(input + <usize>inputLen + 64);
  L.ensureMemory(f + L.FRAME_HEADER + L.STACK_BYTES + 65536);
  let kind = load<i32>(msg, L.MSG_KIND);
  store<u32>(f, 0, L.F_PARENT);
  store<i32>(f, kind, L.F_KIND);
  store<i32>(f, load<i32>(msg, L.MSG_STATIC), L.F_STATIC);
  store<i64>(f, load<i64>(msg, L.MSG_GAS), L.F_GAS);
  store<i64>(f, load<i64>(msg, L.MSG_GAS), L.F_CALL_GAS);
  store<i32>(f, 0, L.F_DEPTH);
  store<i32>(f, load<i32>(msg, L.MSG_NO_PRECOMPILE), L.F_NO_PRECOMPILE);
  memory.copy(f + L.F_CALLER, msg + L.MSG_CALLER, 20);
  memory.copy(f + L.F_ADDRESS, msg + L.MSG_ADDRESS, 20);
  memory.copy(f + L.F_CODE_ADDRESS, msg + L.MSG_CODE_ADDRESS, 20);
  U.copy(msg + L.MSG_VALUE, f + L.F_VALUE);
  let isCreate = kind == L.KIND_CREATE || kind == L.KIND_CREATE2;
  store<u32>(f, isCreate ? 0 : <u32>input, L.F_CALLDATA);
  store<u32>(f, isCreate ? 0 : inputLen, L.F_CALLDATA_LEN);
  store<u32>(f, 0, L.F_OUT_OFFSET);
  let status = beginMessage(f, input, inputLen);
  if (status == RUN) {
    loadFrame(f);
    while (true) {
      status = run();
      if (status == S.SUSPEND_CALL) continue; // ctx now runs the child
      let ended = ctx.frame;
      status = endFrame(status);
      let parent = <usize>load<u32>(ended, L.F_PARENT);
      if (parent == 0) break;
      resumeParent(parent, ended, status);
    }
  } else if (status == S.MEMORY_LIMIT) {
    H.journal(H.JOURNAL_REVERT, load<i32>(f, L.F_CHECKPOINT));
    store<i64>(f, 0, L.F_GAS);
    store<u32>(f, 0, L.F_OUT_LEN);
  }
  store<i32>(msg, status, L.RES_STATUS);
  store<i64>(msg, load<i64>(f, L.F_GAS), L.RES_GAS_LEFT);
  store<i64>(msg, status == S.SUCCESS ? load<i64>(f, L.F_REFUND) : 0, L.RES_REFUND);
  store<u32>(msg, load<u32>(f, L.F_OUT_PTR), L.RES_OUT_PTR);
  store<u32>(msg, load<u32>(f, L.F_OUT_LEN), L.RES_OUT_LEN);
}

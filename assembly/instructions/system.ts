// 0xf0 CREATE, 0xf1 CALL, 0xf2 CALLCODE, 0xf4 DELEGATECALL, 0xf5 CREATE2, 0xfa STATICCALL, 0xff SELFDESTRUCT.
// A call either ends at once (failure, precompile: CONTINUE) or suspends the caller for a child frame.
import * as ctx from '../context';
import * as S from '../status';
import * as U from '../u256';
import * as M from '../memory';
import * as L from '../layout';
import * as H from '../host';
import * as G from '../gas/constants';
import * as F from '../forks';
import * as FR from '../frames';
import { allButOne64th } from '../gas/dynamic';
import { wordToAddress } from '../words';
import { keccak256 } from '../crypto/keccak';

/** The opcode finished without suspending the frame; the loop goes on. */
export const CONTINUE: i32 = -1;

const TARGET: usize = memory.data(32, 16);
const ACC: usize = memory.data(H.ACC_OUT_SIZE, 16);
const SELF_ACC: usize = memory.data(H.ACC_OUT_SIZE, 16);
const PREIMAGE: usize = memory.data(96, 16); // CREATE: rlp([sender, nonce]); CREATE2: 0xff ++ sender ++ salt ++ hash
const NEW_ADDRESS: usize = memory.data(32, 16);

// @ts-ignore: decorator
@inline function align32(p: usize): usize { return (p + 31) & ~<usize>31; }

// @ts-ignore: decorator
@inline function oog(): i32 { ctx.status = S.OUT_OF_GAS; return S.OUT_OF_GAS; }

/** Pushes `ok` (as 1/0) after a call that ended at once, giving back `gasBack`. */
function endedAtOnce(ok: bool, gasBack: i64): i32 {
  ctx.gas += gasBack;
  U.setU64(ctx.sp, ok ? 1 : 0);
  ctx.sp += 32;
  return CONTINUE;
}

/** Places a child frame above the running one and fills the fields every kind shares. */
function newChild(kind: i32, gas: i64): usize {
  FR.saveFrame();
  let parent = ctx.frame;
  let f = align32(ctx.memBase + ctx.memSize);
  L.ensureMemory(f + L.FRAME_HEADER + L.STACK_BYTES + 4096);
  store<u32>(f, <u32>parent, L.F_PARENT);
  store<i32>(f, kind, L.F_KIND);
  store<i32>(f, load<i32>(parent, L.F_DEPTH) + 1, L.F_DEPTH);
  store<i64>(f, gas, L.F_GAS);
  store<i64>(f, gas, L.F_CALL_GAS);
  store<u32>(f, 0, L.F_OUT_OFFSET);
  return f;
}

/** Starts child `f` (see FR.beginMessage); returns SUSPEND_CALL or, if it ended at once, CONTINUE. */
function startChild(f: usize, initcode: usize, initLen: u32): i32 {
  let status = FR.beginMessage(f, initcode, initLen);
  if (status == FR.RUN) {
    FR.loadFrame(f);
    return S.SUSPEND_CALL;
  }
  if (status == S.MEMORY_LIMIT) {
    H.journal(H.JOURNAL_REVERT, load<i32>(f, L.F_CHECKPOINT));
    store<i64>(f, 0, L.F_GAS);
    store<u32>(f, 0, L.F_OUT_LEN);
    store<u32>(f, <u32>(f + L.FRAME_HEADER), L.F_OUT_PTR);
  }
  FR.resumeParent(load<u32>(f, L.F_PARENT), f, status);
  return CONTINUE;
}

/** CALL, CALLCODE, DELEGATECALL (EIP-7), STATICCALL (EIP-214). */
export function call(op: i32): i32 {
  let sp = ctx.sp;
  let hasValue = op == 0xf1 || op == 0xf2;
  let gasWord = sp - 32;
  let valueWord = sp - 96;
  let args = hasValue ? sp - 128 : sp - 96;
  let argsOffset = args, argsSize = args - 32, retOffset = args - 64, retSize = args - 96;
  ctx.sp = retSize; // all inputs popped; the result goes here
  let fork = ctx.fork;
  wordToAddress(sp - 64, TARGET);
  let value = hasValue && !U.isZero(valueWord);
  if (op == 0xf1 && value && ctx.isStatic) { ctx.status = S.STATIC_VIOLATION; return S.STATIC_VIOLATION; }
  // memory for the input and the output ranges
  if (!M.ensure(argsOffset, argsSize)) return ctx.status;
  let inOffset = M.offset, inSize = M.size;
  if (!M.ensure(retOffset, retSize)) return ctx.status;
  let outOffset = M.offset, outSize = M.size;
  // extra gas: cold access (EIP-2929), value transfer, new account (EIP-161 from Spurious Dragon)
  // (EIP-161: value sent to an empty account costs G_NEW_ACCOUNT; before Spurious Dragon a CALL to an absent
  // one did, and ACC_EXISTS comes with every account())
  let needEmpty = op == 0xf1 && value && fork >= F.SPURIOUS_DRAGON;
  let flags = H.account(TARGET, H.READ_CODE | (needEmpty ? H.READ_EMPTY : 0), ACC);
  let extra: i64 = 0;
  if (fork >= F.BERLIN && (flags & H.ACC_COLD) != 0) extra += G.G_COLD_ACCOUNT - G.G_WARM_ACCESS;
  if (value) extra += G.G_CALL_VALUE;
  if (op == 0xf1) {
    if (fork >= F.SPURIOUS_DRAGON) { if (value && (flags & H.ACC_EMPTY) != 0) extra += G.G_NEW_ACCOUNT; }
    else if ((flags & H.ACC_EXISTS) == 0) extra += G.G_NEW_ACCOUNT;
  }
  // EIP-7702 (Prague): a delegated account runs its delegate's code; the delegate's access is charged too
  let delegated = fork >= F.PRAGUE && (flags & H.ACC_DELEGATED) != 0;
  let codeAddress = TARGET;
  if (delegated) {
    codeAddress = ACC + H.ACC_OUT_DELEGATE;
    let dflags = H.account(codeAddress, H.READ_CODE, SELF_ACC);
    extra += (dflags & H.ACC_COLD) != 0 ? G.G_COLD_ACCOUNT : G.G_WARM_ACCESS;
  }
  ctx.gas -= extra;
  if (ctx.gas < 0) return oog();
  // gas for the child: EIP-150 caps it at all but one 64th; before, the request must be affordable
  let childGas: i64;
  if (fork >= F.TANGERINE_WHISTLE) {
    let cap = allButOne64th(ctx.gas);
    childGas = U.fitsU64(gasWord) && U.toU64(gasWord) < <u64>cap ? <i64>U.toU64(gasWord) : cap;
  } else {
    if (!U.fitsU64(gasWord) || U.toU64(gasWord) > <u64>ctx.gas) return oog();
    childGas = <i64>U.toU64(gasWord);
  }
  ctx.gas -= childGas;
  if (value) childGas += G.G_CALL_STIPEND;
  ctx.retLen = 0;
  // failures that leave the caller running: call depth, insufficient balance
  let self = ctx.frame + L.F_ADDRESS;
  if (load<i32>(ctx.frame, L.F_DEPTH) + 1 > L.MAX_DEPTH) return endedAtOnce(false, childGas);
  if (value && H.accountOp(H.OP_HAS_BALANCE, self, valueWord, 0, 0) == 0) return endedAtOnce(false, childGas);
  let kind = op == 0xf1 ? L.KIND_CALL : op == 0xf2 ? L.KIND_CALLCODE : op == 0xf4 ? L.KIND_DELEGATECALL : L.KIND_STATICCALL;
  let parent = ctx.frame;
  let memBase = ctx.memBase;
  let f = newChild(kind, childGas);
  store<i32>(f, kind == L.KIND_STATICCALL || ctx.isStatic ? 1 : 0, L.F_STATIC);
  store<u32>(f, <u32>(memBase + inOffset), L.F_CALLDATA);
  store<u32>(f, inSize, L.F_CALLDATA_LEN);
  store<u32>(f, outOffset, L.F_RET_OFFSET);
  store<u32>(f, outSize, L.F_RET_LEN);
  memory.copy(f + L.F_CODE_ADDRESS, codeAddress, 20);
  store<i32>(f, delegated ? 1 : 0, L.F_NO_PRECOMPILE);
  if (kind == L.KIND_CALL || kind == L.KIND_STATICCALL) {
    memory.copy(f + L.F_ADDRESS, TARGET, 20);
    memory.copy(f + L.F_CALLER, parent + L.F_ADDRESS, 20);
  } else { // CALLCODE and DELEGATECALL run the code on the caller's own account
    memory.copy(f + L.F_ADDRESS, parent + L.F_ADDRESS, 20);
    memory.copy(f + L.F_CALLER, kind == L.KIND_DELEGATECALL ? parent + L.F_CALLER : parent + L.F_ADDRESS, 20);
  }
  if (kind == L.KIND_DELEGATECALL) U.copy(parent + L.F_VALUE, f + L.F_VALUE);
  else if (hasValue) U.copy(valueWord, f + L.F_VALUE);
  else U.setZero(f + L.F_VALUE);
  return startChild(f, 0, 0);
}

/** CREATE and CREATE2 (EIP-1014). */
export function create(isCreate2: bool): i32 {
  let sp = ctx.sp;
  let valueWord = sp - 32, offsetWord = sp - 64, sizeWord = sp - 96, saltWord = sp - 128;
  ctx.sp = isCreate2 ? saltWord : sizeWord;
  let fork = ctx.fork;
  if (ctx.isStatic) { ctx.status = S.STATIC_VIOLATION; return S.STATIC_VIOLATION; }
  if (!M.ensure(offsetWord, sizeWord)) return ctx.status;
  let initOffset = M.offset, initLen = M.size;
  if (fork >= F.SHANGHAI) { // EIP-3860: limit and meter init code
    if (initLen > <u32>G.MAX_INITCODE_SIZE) return oog();
    if (!M.chargeWords(initLen, G.G_INITCODE_WORD)) return ctx.status;
  }
  if (isCreate2 && !M.chargeWords(initLen, G.G_KECCAK_WORD)) return ctx.status;
  let childGas = fork >= F.TANGERINE_WHISTLE ? allButOne64th(ctx.gas) : ctx.gas;
  ctx.gas -= childGas;
  ctx.retLen = 0;
  let self = ctx.frame + L.F_ADDRESS;
  let initcode = ctx.memBase + initOffset;
  H.account(self, H.READ_NONCE | H.NO_WARM, SELF_ACC);
  let nonce = load<u64>(SELF_ACC, H.ACC_OUT_NONCE);
  if (load<i32>(ctx.frame, L.F_DEPTH) + 1 > L.MAX_DEPTH || nonce == 0xFFFF_FFFF_FFFF_FFFF
    || H.accountOp(H.OP_HAS_BALANCE, self, valueWord, 0, 0) == 0) {
    return endedAtOnce(false, childGas);
  }
  // the new address: keccak(rlp([sender, nonce])) or keccak(0xff ++ sender ++ salt ++ keccak(initcode))
  if (isCreate2) {
    store<u8>(PREIMAGE, 0xff);
    memory.copy(PREIMAGE + 1, self, 20);
    U.storeBigEndian(saltWord, PREIMAGE + 21);
    keccak256(initcode, initLen, PREIMAGE + 53);
    keccak256(PREIMAGE, 85, NEW_ADDRESS);
  } else {
    let n = rlpSenderNonce(self, nonce);
    keccak256(PREIMAGE, n, NEW_ADDRESS);
  }
  let address = NEW_ADDRESS + 12;
  // EIP-684 / EIP-7610: an address with code, nonce or storage cannot be created again
  let flags = H.account(address, H.READ_CODE | H.READ_NONCE | H.READ_STORAGE, ACC);
  H.accountOp(H.OP_INC_NONCE, self, 0, 0, 0);
  if (load<u32>(ACC, H.ACC_OUT_CODE_SIZE) != 0 || load<u64>(ACC, H.ACC_OUT_NONCE) != 0 || (flags & H.ACC_HAS_STORAGE) != 0) {
    return endedAtOnce(false, 0);
  }
  let parent = ctx.frame;
  let f = newChild(isCreate2 ? L.KIND_CREATE2 : L.KIND_CREATE, childGas);
  store<i32>(f, 0, L.F_STATIC);
  store<i32>(f, 0, L.F_NO_PRECOMPILE);
  store<u32>(f, 0, L.F_CALLDATA);
  store<u32>(f, 0, L.F_CALLDATA_LEN);
  memory.copy(f + L.F_ADDRESS, address, 20);
  memory.copy(f + L.F_CODE_ADDRESS, address, 20);
  memory.copy(f + L.F_CALLER, parent + L.F_ADDRESS, 20);
  U.copy(valueWord, f + L.F_VALUE);
  return startChild(f, initcode, initLen);
}

/** Writes rlp([sender, nonce]) at PREIMAGE; returns its length. */
function rlpSenderNonce(sender: usize, nonce: u64): u32 {
  let p = PREIMAGE + 1;
  store<u8>(p, 0x94); // 20-byte string
  memory.copy(p + 1, sender, 20);
  p += 21;
  if (nonce == 0) { store<u8>(p, 0x80); p += 1; }
  else if (nonce < 0x80) { store<u8>(p, <u8>nonce); p += 1; }
  else {
    let bytes = 8 - (<i32>clz<u64>(nonce) >> 3);
    store<u8>(p, <u8>(0x80 + bytes)); p += 1;
    for (let i = bytes - 1; i >= 0; i--) { store<u8>(p, <u8>(nonce >> (<u64>i << 3))); p += 1; }
  }
  let payload = <u32>(p - PREIMAGE - 1);
  store<u8>(PREIMAGE, <u8>(0xc0 + payload));
  return payload + 1;
}

/** SELFDESTRUCT: EIP-150 and EIP-161 pricing, EIP-2929 cold beneficiary, EIP-3529 no refund, EIP-6780. */
export function selfdestruct(): i32 {
  if (ctx.isStatic) return S.STATIC_VIOLATION;
  let fork = ctx.fork;
  wordToAddress(ctx.sp - 32, TARGET);
  ctx.sp -= 32;
  let self = ctx.frame + L.F_ADDRESS;
  let flags = H.account(TARGET, H.READ_EMPTY, ACC);
  let cost: i64 = 0;
  if (fork >= F.BERLIN && (flags & H.ACC_COLD) != 0) cost += G.G_COLD_ACCOUNT;
  if (fork >= F.SPURIOUS_DRAGON) {
    H.account(self, H.READ_BALANCE | H.NO_WARM, SELF_ACC);
    if ((flags & H.ACC_EMPTY) != 0 && !U.isZero(SELF_ACC + H.ACC_OUT_BALANCE)) cost += G.G_NEW_ACCOUNT;
  } else if (fork >= F.TANGERINE_WHISTLE && (flags & H.ACC_EXISTS) == 0) {
    cost += G.G_NEW_ACCOUNT;
  }
  ctx.gas -= cost;
  if (ctx.gas < 0) return S.OUT_OF_GAS;
  let already = H.accountOp(H.OP_SELFDESTRUCT, self, TARGET, 0, 0);
  if (fork < F.LONDON && already == 0) ctx.refund += G.G_SELFDESTRUCT_REFUND;
  store<u32>(ctx.frame, 0, L.F_OUT_LEN);
  return S.SUCCESS;
}

// EVM memory of the running frame: word-granular growth with its gas (YP: C_mem), big-endian words.
import * as ctx from './context';
import * as S from './status';
import * as U from './u256';
import { ensureMemory } from './layout';
import { memoryCost, toWords } from './gas/dynamic';

/** Offset and size of the last successful ensure(), as plain integers. */
export let offset: u32 = 0;
export let size: u32 = 0;

/** Largest EVM memory of one frame, in bytes (beyond it expansion fails with MEMORY_LIMIT when paid for). */
const MAX_MEMORY: u64 = 0x8000_0000;

/**
 * Charges for and performs the expansion that makes [offset, offset + size) addressable, where both are
 * words on the stack. A zero size touches nothing, whatever the offset. Returns false with ctx.status set.
 */
export function ensure(offsetPtr: usize, sizePtr: usize): bool {
  if (U.isZero(sizePtr)) { offset = 0; size = 0; return true; }
  if (!U.fitsU64(offsetPtr) || !U.fitsU64(sizePtr)) { ctx.status = S.OUT_OF_GAS; return false; }
  let o = U.toU64(offsetPtr), s = U.toU64(sizePtr);
  if (o > MAX_MEMORY || s > MAX_MEMORY) return tooLarge(o, s);
  if (!expandTo(o + s)) return false;
  offset = <u32>o; size = <u32>s;
  return true;
}

/** ensure() for a fixed length at the offset word `offsetPtr` (MLOAD, MSTORE, MSTORE8). */
export function ensureAt(offsetPtr: usize, len: u64): bool {
  if (!U.fitsU64(offsetPtr)) { ctx.status = S.OUT_OF_GAS; return false; }
  return ensureRange(U.toU64(offsetPtr), len);
}

/** Like ensure() with plain integers (size 0 touches nothing). */
export function ensureRange(o: u64, s: u64): bool {
  if (s == 0) { offset = 0; size = 0; return true; }
  if (o > MAX_MEMORY || s > MAX_MEMORY) return tooLarge(o, s);
  if (!expandTo(o + s)) return false;
  offset = <u32>o; size = <u32>s;
  return true;
}

function tooLarge(o: u64, s: u64): bool {
  // The cost of so much memory is astronomical; only gas limits near 2^63 could pay it.
  let words = <f64>o / 32.0 + <f64>s / 32.0 + 1.0;
  let cost = words * 3.0 + words * words / 512.0;
  ctx.status = cost > <f64>ctx.gas ? S.OUT_OF_GAS : S.MEMORY_LIMIT;
  return false;
}

/** Expands the memory to cover `end` bytes, charging gas; moves the return data buffer along. */
export function expandTo(end: u64): bool {
  if (end <= <u64>ctx.memSize) return true;
  if (end > MAX_MEMORY) return tooLarge(end, 0);
  let oldWords = <i64>(ctx.memSize >> 5);
  let newWords = <i64>toWords(end);
  let cost = memoryCost(newWords) - memoryCost(oldWords);
  ctx.gas -= cost;
  if (ctx.gas < 0) { ctx.status = S.OUT_OF_GAS; return false; }
  let newSize = <u32>(newWords << 5);
  let base = ctx.memBase;
  if (!ensureMemory(base + <usize>newSize + <usize>ctx.retLen + 64)) { ctx.status = S.MEMORY_LIMIT; return false; }
  if (ctx.retLen != 0) memory.copy(base + newSize, base + ctx.memSize, ctx.retLen);
  memory.fill(base + ctx.memSize, 0, newSize - ctx.memSize);
  ctx.memSize = newSize;
  return true;
}

/** Per-word charge (copies, KECCAK256 words, initcode words); false with ctx.status on out of gas. */
export function chargeWords(bytes: u32, perWord: i64): bool {
  ctx.gas -= <i64>toWords(<u64>bytes) * perWord;
  if (ctx.gas < 0) { ctx.status = S.OUT_OF_GAS; return false; }
  return true;
}

/** Copies [src, src + len) of a source of `srcLen` bytes into memory at `dst`, zero-filling past the end. */
export function copyPadded(dst: u32, src: usize, srcLen: u64, from: usize /* u256 ptr */, len: u32): void {
  if (len == 0) return;
  let d = ctx.memBase + <usize>dst;
  if (!U.fitsU64(from) || U.toU64(from) >= srcLen) { memory.fill(d, 0, len); return; }
  let f = U.toU64(from);
  let avail = srcLen - f;
  let n = <u32>(avail < <u64>len ? avail : <u64>len);
  memory.copy(d, src + <usize>f, n);
  if (n < len) memory.fill(d + n, 0, len - n);
}

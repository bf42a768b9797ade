// Code preparation: 33 zero bytes of padding (a truncated PUSH32 reads zeros, then STOP) and a JUMPDEST
// bitmap, cached by code hash in a fixed arena so that a contract called again is not analysed again.
import { OP_JUMPDEST, OP_PUSH1, OP_PUSH32 } from './opcodes';
import { CACHE_SLOTS, CACHE_ARENA, CODE_CACHE_SLOTS, CODE_CACHE_ARENA } from './layout';

export const CODE_PAD: u32 = 33;
const ENTRY_HEADER: usize = 48; // 32-byte hash, u32 length, u32 bitmap offset, 8 spare

let arenaTop: usize = 0;
let cacheCount: i32 = 0;

// @ts-ignore: decorator
@inline function align8(n: usize): usize { return (n + 7) & ~7; }

/** Bytes needed to prepare code of `len` bytes at some place: padded code then bitmap. */
export function preparedSize(len: u32): usize {
  return align8(<usize>len + CODE_PAD) + align8((<usize>len + CODE_PAD + 7) >> 3);
}

/** Pads the code already copied at `dst` (len bytes) and builds its bitmap right after; returns the bitmap. */
export function prepare(dst: usize, len: u32): usize {
  memory.fill(dst + len, 0, <usize>(align8(<usize>len + CODE_PAD) - <usize>len));
  let bitmap = dst + align8(<usize>len + CODE_PAD);
  let bitmapLen = align8((<usize>len + CODE_PAD + 7) >> 3);
  memory.fill(bitmap, 0, bitmapLen);
  let i: u32 = 0;
  while (i < len) {
    let op = load<u8>(dst + i);
    if (op == OP_JUMPDEST) {
      let b = bitmap + (i >> 3);
      store<u8>(b, load<u8>(b) | <u8>(<u32>1 << (i & 7)));
      i++;
    } else if (op >= OP_PUSH1 && op <= OP_PUSH32) {
      i += <u32>(op - OP_PUSH1) + 2;
    } else {
      i++;
    }
  }
  return bitmap;
}

/** True when `dest` is a JUMPDEST of the prepared code. */
// @ts-ignore: decorator
@inline export function isJumpdest(bitmap: usize, codeLen: u32, dest: u64): bool {
  return dest < <u64>codeLen && ((load<u8>(bitmap + <usize>(dest >> 3)) >> <u8>(dest & 7)) & 1) != 0;
}

/** Empties the cache (between transactions only: no frame may point into it). */
export function resetCache(): void {
  memory.fill(CACHE_SLOTS, 0, <usize>CODE_CACHE_SLOTS * 16);
  arenaTop = CACHE_ARENA;
  cacheCount = 0;
}

/** Looks up prepared code by its hash (32 bytes at `hash`); returns the entry or 0. */
export function lookup(hash: usize): usize {
  let h = load<u64>(hash);
  let mask = <u64>(CODE_CACHE_SLOTS - 1);
  let slot = h & mask;
  for (let probe = 0; probe < CODE_CACHE_SLOTS; probe++) {
    let s = CACHE_SLOTS + <usize>(slot << 4);
    let entry = <usize>load<u32>(s, 8);
    if (entry == 0) return 0;
    if (load<u64>(s) == h && memory.compare(entry, hash, 32) == 0) return entry;
    slot = (slot + 1) & mask;
  }
  return 0;
}

/** Reserves a cache entry for code of `len` bytes with this hash; returns it (code at entryCode()) or 0 if full. */
export function reserve(hash: usize, len: u32): usize {
  let need = ENTRY_HEADER + preparedSize(len);
  if (arenaTop + need > CACHE_ARENA + <usize>CODE_CACHE_ARENA || cacheCount * 2 >= CODE_CACHE_SLOTS) return 0;
  let entry = arenaTop;
  arenaTop += need;
  memory.copy(entry, hash, 32);
  store<u32>(entry, len, 32);
  return entry;
}

/**
 * Finishes a reserved entry whose code bytes were written at entryCode(entry), and only then makes it
 * findable: a host failure while copying the code cannot leave a half-built entry in the table.
 */
export function seal(entry: usize): void {
  let len = load<u32>(entry, 32);
  let bitmap = prepare(entryCode(entry), len);
  store<u32>(entry, <u32>(bitmap - entry), 36);
  let h = load<u64>(entry);
  let mask = <u64>(CODE_CACHE_SLOTS - 1);
  let slot = h & mask;
  while (load<u32>(CACHE_SLOTS + <usize>(slot << 4), 8) != 0) slot = (slot + 1) & mask;
  let s = CACHE_SLOTS + <usize>(slot << 4);
  store<u64>(s, h);
  store<u32>(s, <u32>entry, 8);
  cacheCount++;
}

// @ts-ignore: decorator
@inline export function entryCode(entry: usize): usize { return entry + ENTRY_HEADER; }
// @ts-ignore: decorator
@inline export function entryLen(entry: usize): u32 { return load<u32>(entry, 32); }
// @ts-ignore: decorator
@inline export function entryBitmap(entry: usize): usize { return entry + <usize>load<u32>(entry, 36); }

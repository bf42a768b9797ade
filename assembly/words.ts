// Conversions between addresses (20 big-endian bytes), words on the stack and plain integers.
import * as U from './u256';

const TMP: usize = memory.data(64, 16);

/** Writes the 20-byte big-endian address at `addr` as a word at `r`. */
export function addressToWord(addr: usize, r: usize): void { U.loadBigEndianPartial(addr, 20, r); }

/** Writes the low 160 bits of the word at `w` as a 20-byte big-endian address at `dst`. */
export function wordToAddress(w: usize, dst: usize): void {
  U.storeBigEndian(w, TMP);
  memory.copy(dst, TMP + 12, 20);
}

/** The word at `w` clamped to u32: values >= 2^32 become 0xFFFFFFFF. */
// @ts-ignore: decorator
@inline export function clampU32(w: usize): u32 {
  return U.fitsU64(w) && U.toU64(w) <= 0xFFFFFFFF ? <u32>U.toU64(w) : 0xFFFFFFFF;
}

// Dynamic gas: memory expansion, per-word copies, EXP, SSTORE status costs, the EIP-150 call rule.
import * as F from '../forks';
import * as H from '../host';
import * as G from './constants';

/** Memory cost of `words` words: 3w + w^2/512 (YP: C_mem). Valid for words < 2^31. */
// @ts-ignore: decorator
@inline export function memoryCost(words: i64): i64 { return words * G.G_MEMORY + (words * words) / G.G_QUAD_DIVISOR; }

/** Words needed for `bytes` bytes, rounding up. */
// @ts-ignore: decorator
@inline export function toWords(bytes: u64): u64 { return (bytes + 31) >> 5; }

/** EIP-150: all but one 64th of the gas left. */
// @ts-ignore: decorator
@inline export function allButOne64th(gas: i64): i64 { return gas - gas / 64; }

/** SSTORE gas for a storage status in `fork` (EIP-2200 structure; Frontier/Petersburg rules before). */
export function sstoreGas(fork: i32, status: i32): i64 {
  let netMetered = fork == F.CONSTANTINOPLE || fork >= F.ISTANBUL; // EIP-1283, EIP-2200
  if (!netMetered) {
    // Frontier: 20000 when a zero slot becomes non-zero, else 5000
    return status == H.SS_ADDED || status == H.SS_DELETED_ADDED || status == H.SS_DELETED_RESTORED
      ? G.G_SSTORE_SET : G.G_SSTORE_RESET;
  }
  let warmRead = sloadGas(fork);
  let reset = fork >= F.BERLIN ? G.G_SSTORE_RESET - G.G_COLD_SLOAD : G.G_SSTORE_RESET; // EIP-2929
  switch (status) {
    case H.SS_ADDED: return G.G_SSTORE_SET;
    case H.SS_DELETED: case H.SS_MODIFIED: return reset;
    default: return warmRead; // no-op or dirty slot
  }
}

/** SSTORE refund change for a storage status in `fork` (may be negative). */
export function sstoreRefund(fork: i32, status: i32): i64 {
  let clear = fork >= F.LONDON ? G.G_SSTORE_CLEAR_REFUND_EIP3529 : G.G_SSTORE_CLEAR_REFUND; // EIP-3529
  let netMetered = fork == F.CONSTANTINOPLE || fork >= F.ISTANBUL;
  if (!netMetered) {
    return status == H.SS_DELETED || status == H.SS_MODIFIED_DELETED || status == H.SS_ADDED_DELETED ? clear : 0;
  }
  let warmRead = sloadGas(fork);
  let reset = fork >= F.BERLIN ? G.G_SSTORE_RESET - G.G_COLD_SLOAD : G.G_SSTORE_RESET;
  switch (status) {
    case H.SS_DELETED: return clear;
    case H.SS_DELETED_ADDED: return -clear;
    case H.SS_MODIFIED_DELETED: return clear;
    case H.SS_DELETED_RESTORED: return reset - warmRead - clear;
    case H.SS_ADDED_DELETED: return G.G_SSTORE_SET - warmRead;
    case H.SS_MODIFIED_RESTORED: return reset - warmRead;
    default: return 0;
  }
}

/** The SLOAD price used by net-metered SSTORE: 200 (EIP-1283), 800 (EIP-2200), 100 warm (EIP-2929). */
export function sloadGas(fork: i32): i64 {
  if (fork >= F.BERLIN) return G.G_WARM_ACCESS;
  if (fork >= F.ISTANBUL) return 800;
  return 200;
}

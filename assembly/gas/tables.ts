// Per-fork static gas: one u16[256] table per fork, built as "previous fork + EIP deltas".
// UNDEFINED marks an opcode the fork does not have, so one load answers "defined?" and "cost?".
// Costs of EIP-2929 accesses are the warm cost here; gas/dynamic.ts adds the cold surcharge.
import * as F from '../forks';
import { GAS_TABLES, GAS_TABLE_BYTES } from '../layout';
import { sinceFork, NEVER } from '../opcodes';

export const UNDEFINED: i32 = 0xFFFF;

// @ts-ignore: decorator
@inline export function tableOf(fork: i32): usize { return GAS_TABLES + <usize>(fork * GAS_TABLE_BYTES); }

function set(fork: i32, op: i32, cost: i32): void { store<u16>(tableOf(fork) + (<usize>op << 1), <u16>cost); }
function range(fork: i32, from: i32, to: i32, cost: i32): void { for (let op = from; op <= to; op++) set(fork, op, cost); }

function frontier(): void {
  const f = F.FRONTIER;
  range(f, 0, 255, 0);
  set(f, 0x00, 0); // STOP
  set(f, 0x01, 3); set(f, 0x02, 5); set(f, 0x03, 3); // ADD MUL SUB
  range(f, 0x04, 0x07, 5); // DIV SDIV MOD SMOD
  set(f, 0x08, 8); set(f, 0x09, 8); // ADDMOD MULMOD
  set(f, 0x0a, 10); set(f, 0x0b, 5); // EXP SIGNEXTEND
  range(f, 0x10, 0x1d, 3); // comparison, bitwise, shifts
  set(f, 0x1e, 5); // CLZ (EIP-7939)
  set(f, 0x20, 30); // KECCAK256
  set(f, 0x30, 2); set(f, 0x31, 20); set(f, 0x32, 2); set(f, 0x33, 2); set(f, 0x34, 2);
  set(f, 0x35, 3); set(f, 0x36, 2); set(f, 0x37, 3); set(f, 0x38, 2); set(f, 0x39, 3); set(f, 0x3a, 2);
  set(f, 0x3b, 20); set(f, 0x3c, 20); set(f, 0x3d, 2); set(f, 0x3e, 3); set(f, 0x3f, 400);
  set(f, 0x40, 20); range(f, 0x41, 0x46, 2); set(f, 0x47, 5); set(f, 0x48, 2); set(f, 0x49, 3); set(f, 0x4a, 2);
  set(f, 0x50, 2); set(f, 0x51, 3); set(f, 0x52, 3); set(f, 0x53, 3); set(f, 0x54, 50); set(f, 0x55, 0);
  set(f, 0x56, 8); set(f, 0x57, 10); set(f, 0x58, 2); set(f, 0x59, 2); set(f, 0x5a, 2); set(f, 0x5b, 1);
  set(f, 0x5c, 100); set(f, 0x5d, 100); set(f, 0x5e, 3); set(f, 0x5f, 2); // TLOAD TSTORE MCOPY PUSH0
  range(f, 0x60, 0x9f, 3); // PUSH DUP SWAP
  for (let n = 0; n <= 4; n++) set(f, 0xa0 + n, 375 * (n + 1)); // LOGn: 375 + 375 per topic
  set(f, 0xf0, 32000); set(f, 0xf1, 40); set(f, 0xf2, 40); set(f, 0xf3, 0); set(f, 0xf4, 40);
  set(f, 0xf5, 32000); set(f, 0xfa, 40); set(f, 0xfd, 0); set(f, 0xff, 0);
}

function copyFrom(fork: i32): void { memory.copy(tableOf(fork), tableOf(fork - 1), GAS_TABLE_BYTES); }

/** Builds every fork's table; then marks opcodes not yet defined in each fork as UNDEFINED. */
export function initGasTables(): void {
  frontier();
  for (let fork = F.HOMESTEAD; fork < F.FORK_COUNT; fork++) {
    copyFrom(fork);
    if (fork == F.TANGERINE_WHISTLE) {
      // EIP-150: repricing of IO-heavy operations
      set(fork, 0x31, 400); set(fork, 0x3b, 700); set(fork, 0x3c, 700); set(fork, 0x54, 200);
      set(fork, 0xf1, 700); set(fork, 0xf2, 700); set(fork, 0xf4, 700); set(fork, 0xfa, 700);
      set(fork, 0xff, 5000);
    } else if (fork == F.ISTANBUL) {
      // EIP-1884: BALANCE, SLOAD, EXTCODEHASH repriced
      set(fork, 0x31, 700); set(fork, 0x54, 800); set(fork, 0x3f, 700);
    } else if (fork == F.BERLIN) {
      // EIP-2929: account and storage accesses cost the warm price; cold surcharges are dynamic
      set(fork, 0x31, 100); set(fork, 0x3b, 100); set(fork, 0x3c, 100); set(fork, 0x3f, 100);
      set(fork, 0x54, 100); set(fork, 0xf1, 100); set(fork, 0xf2, 100); set(fork, 0xf4, 100); set(fork, 0xfa, 100);
    }
  }
  for (let fork = 0; fork < F.FORK_COUNT; fork++) {
    for (let op = 0; op < 256; op++) {
      let since = sinceFork(op);
      if (since == NEVER || since > fork) set(fork, op, UNDEFINED);
    }
  }
}

// THE host ABI: every import the Wasm core makes, implemented 1:1 by src/wasm/imports.ts.
//
// Conventions
// - An address is 20 bytes, big-endian, at a pointer.
// - A word (balance, storage key or value, CALL value) is 32 bytes in the stack format: a 256-bit
//   little-endian integer (four little-endian u64 limbs, least significant first).
// - Every state access is one crossing that returns the value and its EIP-2929 warmth together; the
//   host marks the location warm, records it in the transaction's read or write set, and journals
//   every change so that `journal(REVERT, id)` undoes it. The host computes no gas: all gas
//   arithmetic is on the Wasm side.

// --- account(): what to read (also what is recorded in the read set) -------------------------
export const READ_BALANCE: i32 = 1;
export const READ_NONCE: i32 = 2;
export const READ_CODE: i32 = 4; // code size, code hash, EIP-7702 delegation
export const READ_EMPTY: i32 = 8; // the ACC_EMPTY flag, from what decides it: the code, then the nonce, then whether the balance is zero
export const READ_STORAGE: i32 = 16; // the ACC_HAS_STORAGE flag
export const NO_WARM: i32 = 0x100; // look without warming (e.g. the address is already known warm)

// account() result flags
export const ACC_COLD: i32 = 1; // was cold before this access (EIP-2929)
export const ACC_EXISTS: i32 = 2; // in the state trie (pre-EIP-161 "exists")
export const ACC_EMPTY: i32 = 4; // EIP-161 empty: nonce 0, balance 0, no code (also set when absent); given for READ_EMPTY
export const ACC_DELEGATED: i32 = 8; // code is an EIP-7702 delegation designator 0xef0100 || address
export const ACC_HAS_STORAGE: i32 = 16; // has non-empty storage (EIP-7610 collision rule); given for READ_STORAGE

// account() output record at `out`
export const ACC_OUT_BALANCE: i32 = 0; // word
export const ACC_OUT_NONCE: i32 = 32; // u64
export const ACC_OUT_CODE_SIZE: i32 = 40; // u32
export const ACC_OUT_CODE_HASH: i32 = 48; // word (keccak256 of the code as a 256-bit integer; 0 if absent)
export const ACC_OUT_DELEGATE: i32 = 80; // 20-byte address, when ACC_DELEGATED
export const ACC_OUT_SIZE: i32 = 128;

// --- journal() ops ------------------------------------------------------------------------------
export const JOURNAL_CHECKPOINT: i32 = 0; // returns a checkpoint id
export const JOURNAL_COMMIT: i32 = 1;
export const JOURNAL_REVERT: i32 = 2;

// --- accountOp() ops ----------------------------------------------------------------------------
export const OP_INC_NONCE: i32 = 0; // nonce += 1
export const OP_CREATE_ACCOUNT: i32 = 1; // new contract at addr: storage cleared, nonce 1 (EIP-161), marked created (EIP-6780)
export const OP_SET_CODE: i32 = 2; // code = bytes[ptr, ptr+len); the 32-byte code hash (big-endian) is at ptr2
export const OP_SELFDESTRUCT: i32 = 3; // move the balance to beneficiary at ptr; returns 1 if addr was already destroyed in this tx
export const OP_TOUCH: i32 = 4; // EIP-161 touch (a zero-value CALL/transfer to addr)
export const OP_HAS_BALANCE: i32 = 5; // returns 1 when addr's balance >= the word at ptr (a bound, not the value, is read)

// --- storageStore() result: EVMC-style storage status (low 4 bits), | STORE_COLD ------------------
// O = original value (at transaction start), C = current value, N = new value.
export const SS_ASSIGNED: i32 = 0; // C == N, or a dirty slot (O != C) changed to a value that is neither 0 nor O
export const SS_ADDED: i32 = 1; // O == C == 0, N != 0
export const SS_DELETED: i32 = 2; // O == C != 0, N == 0
export const SS_MODIFIED: i32 = 3; // O == C != 0, N != 0, N != C
export const SS_DELETED_ADDED: i32 = 4; // O != 0, C == 0, N != 0, N != O
export const SS_MODIFIED_DELETED: i32 = 5; // O != 0, C != 0, C != O, N == 0
export const SS_DELETED_RESTORED: i32 = 6; // O != 0, C == 0, N == O
export const SS_ADDED_DELETED: i32 = 7; // O == 0, C != 0, N == 0
export const SS_MODIFIED_RESTORED: i32 = 8; // O != 0, C != 0, C != O, N == O
export const STORE_COLD: i32 = 16;

/** Reads account `addr` (fields = READ_* | NO_WARM), writes the ACC_OUT_* record at `out`, returns ACC_* flags. */
// @ts-ignore: decorator
@external("env", "account")
export declare function account(addr: usize, fields: i32, out: usize): i32;

/** SLOAD: writes the current value of (addr, key) to `out`; returns 1 if the slot was cold. */
// @ts-ignore: decorator
@external("env", "storageLoad")
export declare function storageLoad(addr: usize, key: usize, out: usize): i32;

/** SSTORE: stores `value` at (addr, key); returns the SS_* status | STORE_COLD. */
// @ts-ignore: decorator
@external("env", "storageStore")
export declare function storageStore(addr: usize, key: usize, value: usize): i32;

/** TLOAD (store = 0, writes `value`) and TSTORE (store = 1, reads `value`), EIP-1153. */
// @ts-ignore: decorator
@external("env", "transient")
export declare function transient(store: i32, addr: usize, key: usize, value: usize): void;

/** Copies code bytes [offset, offset + len) of `addr` to `dest`, zero-filling past the end. */
// @ts-ignore: decorator
@external("env", "codeCopy")
export declare function codeCopy(addr: usize, offset: u32, dest: usize, len: u32): void;

/** Journal: CHECKPOINT returns an id; COMMIT / REVERT take the id of the matching checkpoint. */
// @ts-ignore: decorator
@external("env", "journal")
export declare function journal(op: i32, id: i32): i32;

/** Moves `value` from `from` to `to` (both touched, EIP-161); returns 0, or 1 when `from` lacks the balance. */
// @ts-ignore: decorator
@external("env", "transfer")
export declare function transfer(from: usize, to: usize, value: usize): i32;

/** Account operations: OP_INC_NONCE, OP_CREATE_ACCOUNT, OP_SET_CODE, OP_SELFDESTRUCT, OP_TOUCH, OP_HAS_BALANCE. */
// @ts-ignore: decorator
@external("env", "accountOp")
export declare function accountOp(op: i32, addr: usize, ptr: usize, len: u32, ptr2: usize): i32;

/** LOG0..LOG4: `count` topics (words, stack format) at `topics`, data bytes at [data, data + len). */
// @ts-ignore: decorator
@external("env", "log")
export declare function log(addr: usize, topics: usize, count: i32, data: usize, len: u32): void;

/** BLOCKHASH: writes the hash of block `number` (a word) to `out`; the Wasm side checks the 256-block window. */
// @ts-ignore: decorator
@external("env", "blockHash")
export declare function blockHash(number: i64, out: usize): void;

/**
 * Runs a host precompile (those the core does not run itself) on input [input, input + len) with
 * `gas` available; writes the output at `out` (the host grows memory when it must) and its length
 * at ENV_IO_LEN; returns the gas used, or -1 when the call fails (all gas consumed).
 */
// @ts-ignore: decorator
@external("env", "precompile")
export declare function precompile(address: i32, input: usize, len: u32, gas: i64, out: usize): i64;

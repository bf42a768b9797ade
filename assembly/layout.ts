// Fixed linear-memory regions, carved once by init() above __heap_base, and the call-frame record.
//
//  [static data][ENV 4 KiB][MSG 256][SCRATCH 4 KiB][HASH 64 KiB + 32 + 200][GAS TABLES][CODE CACHE][DYNAMIC: calldata, frames ...]
//
// DYNAMIC is a stack of frames. A frame is [header 256][EVM stack 32 KiB][code copy if uncached][memory].
// Only the running (topmost) frame can grow its memory; its return data buffer (the output of its last
// child) sits right after its memory and is moved up when the memory grows.

// --- ENV: block and transaction environment, written by the host before execute() -------------------
export const ENV_FORK: i32 = 0; // i32
export const ENV_BLOB_HASH_COUNT: i32 = 4; // i32
export const ENV_IO_LEN: i32 = 8; // i32: output length of the last host precompile call
export const ENV_NUMBER_U64: i32 = 16; // i64 copy of the block number, for BLOCKHASH
export const ENV_CHAIN_ID: i32 = 32; // word
export const ENV_COINBASE: i32 = 64; // address
export const ENV_TIMESTAMP: i32 = 96; // word
export const ENV_NUMBER: i32 = 128; // word
export const ENV_PREVRANDAO: i32 = 160; // word (DIFFICULTY before the Merge, EIP-4399)
export const ENV_GAS_LIMIT: i32 = 192; // word
export const ENV_BASE_FEE: i32 = 224; // word (EIP-3198)
export const ENV_BLOB_BASE_FEE: i32 = 256; // word (EIP-7516)
export const ENV_ORIGIN: i32 = 288; // address
export const ENV_GAS_PRICE: i32 = 320; // word (effective gas price)
export const ENV_BLOB_HASHES: i32 = 1024; // up to MAX_BLOB_HASHES words (EIP-4844)
export const MAX_BLOB_HASHES: i32 = 96;
export const ENV_SIZE: i32 = 4096;

// --- MSG: the top-level message and its result ----------------------------------------------------------
export const MSG_KIND: i32 = 0; // i32: KIND_CALL or KIND_CREATE
export const MSG_STATIC: i32 = 4; // i32
export const MSG_GAS: i32 = 8; // i64
export const MSG_CALLER: i32 = 16; // address
export const MSG_ADDRESS: i32 = 48; // address (the new contract's for KIND_CREATE)
export const MSG_CODE_ADDRESS: i32 = 80; // address whose code runs (differs under EIP-7702 delegation)
export const MSG_VALUE: i32 = 112; // word
export const MSG_INPUT_LEN: i32 = 144; // u32: calldata (or initcode) at the start of DYNAMIC
export const MSG_NO_PRECOMPILE: i32 = 148; // i32: 1 when the code address came from an EIP-7702 delegation

export const RES_STATUS: i32 = 160; // i32
export const RES_GAS_LEFT: i32 = 168; // i64
export const RES_REFUND: i32 = 176; // i64
export const RES_OUT_PTR: i32 = 184; // u32
export const RES_OUT_LEN: i32 = 188; // u32
export const MSG_SIZE: i32 = 256;

// --- frame kinds ----------------------------------------------------------------------------------------
export const KIND_CALL: i32 = 0;
export const KIND_CALLCODE: i32 = 1;
export const KIND_DELEGATECALL: i32 = 2;
export const KIND_STATICCALL: i32 = 3;
export const KIND_CREATE: i32 = 4;
export const KIND_CREATE2: i32 = 5;

// --- frame header ---------------------------------------------------------------------------------------
export const F_PARENT: i32 = 0; // u32 pointer, 0 for the top frame
export const F_KIND: i32 = 4;
export const F_PC: i32 = 8;
export const F_STATIC: i32 = 12;
export const F_GAS: i32 = 16; // i64
export const F_REFUND: i32 = 24; // i64
export const F_SP: i32 = 32; // absolute pointer to the next free stack slot
export const F_MEM_SIZE: i32 = 36; // bytes, a multiple of 32
export const F_CODE: i32 = 40;
export const F_CODE_LEN: i32 = 44;
export const F_JUMPDESTS: i32 = 48; // bitmap, one bit per code byte
export const F_CALLDATA: i32 = 52;
export const F_CALLDATA_LEN: i32 = 56;
export const F_RETDATA_LEN: i32 = 60;
export const F_CHECKPOINT: i32 = 64;
export const F_DEPTH: i32 = 68;
export const F_RET_OFFSET: i32 = 72; // where the parent wants the output (in the parent's memory)
export const F_RET_LEN: i32 = 76;
export const F_OUT_OFFSET: i32 = 80; // this frame's RETURN/REVERT output, in its own memory
export const F_OUT_LEN: i32 = 84;
export const F_MEM_BASE: i32 = 88;
export const F_ADDRESS: i32 = 96; // address (storage, balance and ADDRESS)
export const F_CALLER: i32 = 128; // address
export const F_CODE_ADDRESS: i32 = 160; // address whose code runs
export const F_VALUE: i32 = 192; // word
export const F_CALL_GAS: i32 = 224; // i64: gas given to this frame
export const F_OUT_PTR: i32 = 232; // absolute pointer to the output once the frame has ended
export const F_NO_PRECOMPILE: i32 = 236; // i32: 1 when the code address came from an EIP-7702 delegation
export const FRAME_HEADER: i32 = 256;
export const STACK_LIMIT: i32 = 1024;
export const STACK_BYTES: i32 = 32768;
export const MAX_DEPTH: i32 = 1024;

// --- carving -------------------------------------------------------------------------------------------
export const SCRATCH_SIZE: i32 = 4096;
/** The host's own keccak-256 input (tries, blooms, code hashes), then its hash, then the lanes of a hash taken in pieces. */
export const HASH_INPUT_SIZE: i32 = 65536;
export const GAS_TABLE_BYTES: i32 = 512; // 256 x u16 per fork
export const CODE_CACHE_SLOTS: i32 = 4096; // power of two
export const CODE_CACHE_ARENA: i32 = 8 << 20;

export let ENV: usize = 0;
export let MSG: usize = 0;
export let SCRATCH: usize = 0;
export let HASH: usize = 0;
export let GAS_TABLES: usize = 0;
export let CACHE_SLOTS: usize = 0; // CODE_CACHE_SLOTS x 16 bytes: u64 hash prefix, u32 entry pointer, u32 unused
export let CACHE_ARENA: usize = 0;
export let DYNAMIC: usize = 0;

// @ts-ignore: decorator
@inline function align(p: usize, a: usize): usize { return (p + a - 1) & ~(a - 1); }

/** Carves the regions; returns the end of the fixed part. */
export function carve(forkCount: i32): usize {
  let p = align(__heap_base, 64);
  ENV = p; p += ENV_SIZE;
  MSG = p; p += MSG_SIZE;
  SCRATCH = p; p += SCRATCH_SIZE;
  HASH = p; p += <usize>HASH_INPUT_SIZE + 32 + 200;
  GAS_TABLES = p; p += <usize>(forkCount * GAS_TABLE_BYTES);
  p = align(p, 64);
  CACHE_SLOTS = p; p += <usize>(CODE_CACHE_SLOTS * 16);
  CACHE_ARENA = p; p += <usize>CODE_CACHE_ARENA;
  DYNAMIC = align(p, 64);
  ensureMemory(DYNAMIC + (1 << 20));
  return DYNAMIC;
}

/** Largest linear memory the core will use (leaves headroom below the 4 GiB wasm32 limit). */
export const MEMORY_CEILING: usize = 0xF000_0000;

/** Grows linear memory so that [0, end) is addressable; returns false past MEMORY_CEILING or when the engine refuses. */
export function ensureMemory(end: usize): bool {
  if (end > MEMORY_CEILING) return false;
  let have = <usize>memory.size() << 16;
  if (end <= have) return true;
  let need = ((end - have + 0xFFFF) >> 16);
  // grow generously to keep grow calls rare
  let pages = max<i32>(<i32>need, memory.size() >> 2);
  if (memory.grow(pages) < 0) {
    if (memory.grow(<i32>need) < 0) return false;
  }
  return true;
}

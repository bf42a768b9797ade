/** Offsets of assembly/layout.ts and assembly/host.ts that the host reads and writes (kept 1:1). */
export const ENV = {
  FORK: 0, BLOB_HASH_COUNT: 4, IO_LEN: 8, NUMBER_U64: 16, CHAIN_ID: 32, COINBASE: 64, TIMESTAMP: 96, NUMBER: 128,
  PREVRANDAO: 160, GAS_LIMIT: 192, BASE_FEE: 224, BLOB_BASE_FEE: 256, ORIGIN: 288, GAS_PRICE: 320, BLOB_HASHES: 1024,
  MAX_BLOB_HASHES: 96,
} as const;
export const MSG = {
  KIND: 0, STATIC: 4, GAS: 8, CALLER: 16, ADDRESS: 48, CODE_ADDRESS: 80, VALUE: 112, INPUT_LEN: 144, NO_PRECOMPILE: 148,
  RES_STATUS: 160, RES_GAS_LEFT: 168, RES_REFUND: 176, RES_OUT_PTR: 184, RES_OUT_LEN: 188,
} as const;
/** assembly/layout.ts HASH_INPUT_SIZE: the most the core's hash() takes at once. */
export const HASH_INPUT_SIZE = 65536;
export const KIND_CALL = 0;
export const KIND_CREATE = 4;

export const READ = { BALANCE: 1, NONCE: 2, CODE: 4, EMPTY: 8, STORAGE: 16, NO_WARM: 0x100 } as const;
export const ACC = { COLD: 1, EXISTS: 2, EMPTY: 4, DELEGATED: 8, HAS_STORAGE: 16 } as const;
export const ACC_OUT = { BALANCE: 0, NONCE: 32, CODE_SIZE: 40, CODE_HASH: 48, DELEGATE: 80 } as const;
export const JOURNAL = { CHECKPOINT: 0, COMMIT: 1, REVERT: 2 } as const;
export const ACCOUNT_OP = { INC_NONCE: 0, CREATE_ACCOUNT: 1, SET_CODE: 2, SELFDESTRUCT: 3, TOUCH: 4, HAS_BALANCE: 5 } as const;
export const STORE_COLD = 16;

/** Status codes of assembly/status.ts, by number. */
export const STATUS_NAMES = [
  'success', 'revert', 'out-of-gas', 'invalid-opcode', 'stack-underflow', 'stack-overflow', 'bad-jump',
  'static-violation', 'returndata-out-of-bounds', 'code-size-exceeded', 'invalid-code-prefix',
  'initcode-size-exceeded', 'precompile-failure', 'create-collision', 'memory-limit',
] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

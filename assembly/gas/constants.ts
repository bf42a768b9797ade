// Named gas constants (Yellow Paper appendix G unless an EIP is named).
export const G_VERYLOW: i64 = 3;
export const G_COPY: i64 = 3; // per word copied
export const G_MEMORY: i64 = 3; // per word of memory
export const G_QUAD_DIVISOR: i64 = 512;
export const G_KECCAK_WORD: i64 = 6;
export const G_LOG_TOPIC: i64 = 375;
export const G_LOG_DATA: i64 = 8;
export const G_EXP_BYTE_FRONTIER: i64 = 10;
export const G_EXP_BYTE_EIP160: i64 = 50; // EIP-160
export const G_CREATE: i64 = 32000;
export const G_CODE_DEPOSIT: i64 = 200; // per byte of deployed code
export const G_CALL_VALUE: i64 = 9000;
export const G_CALL_STIPEND: i64 = 2300;
export const G_NEW_ACCOUNT: i64 = 25000;
export const G_SELFDESTRUCT_REFUND: i64 = 24000; // removed by EIP-3529
export const G_BLOCKHASH: i64 = 20;

// EIP-2929
export const G_COLD_SLOAD: i64 = 2100;
export const G_COLD_ACCOUNT: i64 = 2600;
export const G_WARM_ACCESS: i64 = 100;

// SSTORE: Frontier, EIP-1283, EIP-2200, EIP-2929, EIP-3529
export const G_SSTORE_SET: i64 = 20000;
export const G_SSTORE_RESET: i64 = 5000;
export const G_SSTORE_CLEAR_REFUND: i64 = 15000;
export const G_SSTORE_CLEAR_REFUND_EIP3529: i64 = 4800;
export const G_SSTORE_SENTRY: i64 = 2300; // EIP-2200: fail when gas left <= stipend

// EIP-3860
export const G_INITCODE_WORD: i64 = 2;
export const MAX_CODE_SIZE: i32 = 0x6000; // EIP-170
export const MAX_INITCODE_SIZE: i32 = 0xC000; // EIP-3860: 2 * MAX_CODE_SIZE

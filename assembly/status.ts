// Outcome of a frame or of a whole execution. 0 is success, so every check reads `if (status != 0)`.
export const SUCCESS: i32 = 0;
export const REVERT: i32 = 1; // REVERT opcode (EIP-140): state undone, gas left returned
// Exceptional halts: state undone, all gas of the frame consumed.
export const OUT_OF_GAS: i32 = 2;
export const INVALID_OPCODE: i32 = 3; // undefined in this fork, or 0xFE INVALID
export const STACK_UNDERFLOW: i32 = 4;
export const STACK_OVERFLOW: i32 = 5;
export const BAD_JUMP: i32 = 6; // JUMP/JUMPI to a non-JUMPDEST
export const STATIC_VIOLATION: i32 = 7; // state change inside STATICCALL (EIP-214)
export const RETURNDATA_OUT_OF_BOUNDS: i32 = 8; // EIP-211
export const CODE_SIZE_EXCEEDED: i32 = 9; // EIP-170 on deposit
export const INVALID_CODE_PREFIX: i32 = 10; // EIP-3541: deployed code starts with 0xEF
export const INITCODE_SIZE_EXCEEDED: i32 = 11; // EIP-3860
export const PRECOMPILE_FAILURE: i32 = 12;
export const CREATE_COLLISION: i32 = 13; // EIP-684 / EIP-7610
export const MEMORY_LIMIT: i32 = 14; // paid for, but larger than this Wasm instance can hold
// Internal control flow of the interpreter (never returned by execute()).
export const SUSPEND_CALL: i32 = 100;

// Opcode numbers and the traits table: stack items required, net stack change, first fork.
// One table drives the dispatcher's checks, the per-fork gas tables (gas/tables.ts) and the tests.
import * as F from './forks';

export const OP_STOP: u8 = 0x00;
export const OP_ADD: u8 = 0x01;
export const OP_MUL: u8 = 0x02;
export const OP_SUB: u8 = 0x03;
export const OP_DIV: u8 = 0x04;
export const OP_SDIV: u8 = 0x05;
export const OP_MOD: u8 = 0x06;
export const OP_SMOD: u8 = 0x07;
export const OP_ADDMOD: u8 = 0x08;
export const OP_MULMOD: u8 = 0x09;
export const OP_EXP: u8 = 0x0a;
export const OP_SIGNEXTEND: u8 = 0x0b;
export const OP_LT: u8 = 0x10;
export const OP_GT: u8 = 0x11;
export const OP_SLT: u8 = 0x12;
export const OP_SGT: u8 = 0x13;
export const OP_EQ: u8 = 0x14;
export const OP_ISZERO: u8 = 0x15;
export const OP_AND: u8 = 0x16;
export const OP_OR: u8 = 0x17;
export const OP_XOR: u8 = 0x18;
export const OP_NOT: u8 = 0x19;
export const OP_BYTE: u8 = 0x1a;
export const OP_SHL: u8 = 0x1b;
export const OP_SHR: u8 = 0x1c;
export const OP_SAR: u8 = 0x1d;
export const OP_CLZ: u8 = 0x1e;
export const OP_KECCAK256: u8 = 0x20;
export const OP_ADDRESS: u8 = 0x30;
export const OP_BALANCE: u8 = 0x31;
export const OP_ORIGIN: u8 = 0x32;
export const OP_CALLER: u8 = 0x33;
export const OP_CALLVALUE: u8 = 0x34;
export const OP_CALLDATALOAD: u8 = 0x35;
export const OP_CALLDATASIZE: u8 = 0x36;
export const OP_CALLDATACOPY: u8 = 0x37;
export const OP_CODESIZE: u8 = 0x38;
export const OP_CODECOPY: u8 = 0x39;
export const OP_GASPRICE: u8 = 0x3a;
export const OP_EXTCODESIZE: u8 = 0x3b;
export const OP_EXTCODECOPY: u8 = 0x3c;
export const OP_RETURNDATASIZE: u8 = 0x3d;
export const OP_RETURNDATACOPY: u8 = 0x3e;
export const OP_EXTCODEHASH: u8 = 0x3f;
export const OP_BLOCKHASH: u8 = 0x40;
export const OP_COINBASE: u8 = 0x41;
export const OP_TIMESTAMP: u8 = 0x42;
export const OP_NUMBER: u8 = 0x43;
export const OP_PREVRANDAO: u8 = 0x44;
export const OP_GASLIMIT: u8 = 0x45;
export const OP_CHAINID: u8 = 0x46;
export const OP_SELFBALANCE: u8 = 0x47;
export const OP_BASEFEE: u8 = 0x48;
export const OP_BLOBHASH: u8 = 0x49;
export const OP_BLOBBASEFEE: u8 = 0x4a;
export const OP_POP: u8 = 0x50;
export const OP_MLOAD: u8 = 0x51;
export const OP_MSTORE: u8 = 0x52;
export const OP_MSTORE8: u8 = 0x53;
export const OP_SLOAD: u8 = 0x54;
export const OP_SSTORE: u8 = 0x55;
export const OP_JUMP: u8 = 0x56;
export const OP_JUMPI: u8 = 0x57;
export const OP_PC: u8 = 0x58;
export const OP_MSIZE: u8 = 0x59;
export const OP_GAS: u8 = 0x5a;
export const OP_JUMPDEST: u8 = 0x5b;
export const OP_TLOAD: u8 = 0x5c;
export const OP_TSTORE: u8 = 0x5d;
export const OP_MCOPY: u8 = 0x5e;
export const OP_PUSH0: u8 = 0x5f;
export const OP_PUSH1: u8 = 0x60;
export const OP_PUSH32: u8 = 0x7f;
export const OP_DUP1: u8 = 0x80;
export const OP_DUP16: u8 = 0x8f;
export const OP_SWAP1: u8 = 0x90;
export const OP_SWAP16: u8 = 0x9f;
export const OP_LOG0: u8 = 0xa0;
export const OP_LOG4: u8 = 0xa4;
export const OP_CREATE: u8 = 0xf0;
export const OP_CALL: u8 = 0xf1;
export const OP_CALLCODE: u8 = 0xf2;
export const OP_RETURN: u8 = 0xf3;
export const OP_DELEGATECALL: u8 = 0xf4;
export const OP_CREATE2: u8 = 0xf5;
export const OP_STATICCALL: u8 = 0xfa;
export const OP_REVERT: u8 = 0xfd;
export const OP_INVALID: u8 = 0xfe;
export const OP_SELFDESTRUCT: u8 = 0xff;

/** Fork value meaning "never defined". */
export const NEVER: i32 = 255;

// Traits, 4 bytes per opcode: [stack required, stack change + 128, since fork, immediate bytes]
export const TRAITS: usize = memory.data(1024);

function def(op: i32, req: i32, change: i32, since: i32): void {
  let p = TRAITS + (<usize>op << 2);
  store<u8>(p, <u8>req);
  store<u8>(p, <u8>(change + 128), 1);
  store<u8>(p, <u8>since, 2);
  store<u8>(p, 0, 3);
}

// @ts-ignore: decorator
@inline export function stackRequired(op: i32): i32 { return load<u8>(TRAITS + (<usize>op << 2)); }
// @ts-ignore: decorator
@inline export function stackChange(op: i32): i32 { return <i32>load<u8>(TRAITS + (<usize>op << 2), 1) - 128; }
// @ts-ignore: decorator
@inline export function sinceFork(op: i32): i32 { return load<u8>(TRAITS + (<usize>op << 2), 2); }
// @ts-ignore: decorator
@inline export function immediateSize(op: i32): i32 { return load<u8>(TRAITS + (<usize>op << 2), 3); }

/** Fills TRAITS; called once from init(). */
export function initTraits(): void {
  for (let op = 0; op < 256; op++) def(op, 0, 0, NEVER);
  def(0x00, 0, 0, F.FRONTIER); // STOP
  for (let op = 0x01; op <= 0x07; op++) def(op, 2, -1, F.FRONTIER); // ADD..SMOD
  def(0x08, 3, -2, F.FRONTIER); // ADDMOD
  def(0x09, 3, -2, F.FRONTIER); // MULMOD
  def(0x0a, 2, -1, F.FRONTIER); // EXP
  def(0x0b, 2, -1, F.FRONTIER); // SIGNEXTEND
  for (let op = 0x10; op <= 0x14; op++) def(op, 2, -1, F.FRONTIER); // LT..EQ
  def(0x15, 1, 0, F.FRONTIER); // ISZERO
  for (let op = 0x16; op <= 0x18; op++) def(op, 2, -1, F.FRONTIER); // AND OR XOR
  def(0x19, 1, 0, F.FRONTIER); // NOT
  def(0x1a, 2, -1, F.FRONTIER); // BYTE
  for (let op = 0x1b; op <= 0x1d; op++) def(op, 2, -1, F.CONSTANTINOPLE); // SHL SHR SAR (EIP-145)
  def(0x1e, 1, 0, F.OSAKA); // CLZ (EIP-7939)
  def(0x20, 2, -1, F.FRONTIER); // KECCAK256
  def(0x30, 0, 1, F.FRONTIER); // ADDRESS
  def(0x31, 1, 0, F.FRONTIER); // BALANCE
  for (let op = 0x32; op <= 0x34; op++) def(op, 0, 1, F.FRONTIER); // ORIGIN CALLER CALLVALUE
  def(0x35, 1, 0, F.FRONTIER); // CALLDATALOAD
  def(0x36, 0, 1, F.FRONTIER); // CALLDATASIZE
  def(0x37, 3, -3, F.FRONTIER); // CALLDATACOPY
  def(0x38, 0, 1, F.FRONTIER); // CODESIZE
  def(0x39, 3, -3, F.FRONTIER); // CODECOPY
  def(0x3a, 0, 1, F.FRONTIER); // GASPRICE
  def(0x3b, 1, 0, F.FRONTIER); // EXTCODESIZE
  def(0x3c, 4, -4, F.FRONTIER); // EXTCODECOPY
  def(0x3d, 0, 1, F.BYZANTIUM); // RETURNDATASIZE (EIP-211)
  def(0x3e, 3, -3, F.BYZANTIUM); // RETURNDATACOPY (EIP-211)
  def(0x3f, 1, 0, F.CONSTANTINOPLE); // EXTCODEHASH (EIP-1052)
  def(0x40, 1, 0, F.FRONTIER); // BLOCKHASH
  for (let op = 0x41; op <= 0x45; op++) def(op, 0, 1, F.FRONTIER); // COINBASE..GASLIMIT
  def(0x46, 0, 1, F.ISTANBUL); // CHAINID (EIP-1344)
  def(0x47, 0, 1, F.ISTANBUL); // SELFBALANCE (EIP-1884)
  def(0x48, 0, 1, F.LONDON); // BASEFEE (EIP-3198)
  def(0x49, 1, 0, F.CANCUN); // BLOBHASH (EIP-4844)
  def(0x4a, 0, 1, F.CANCUN); // BLOBBASEFEE (EIP-7516)
  def(0x50, 1, -1, F.FRONTIER); // POP
  def(0x51, 1, 0, F.FRONTIER); // MLOAD
  def(0x52, 2, -2, F.FRONTIER); // MSTORE
  def(0x53, 2, -2, F.FRONTIER); // MSTORE8
  def(0x54, 1, 0, F.FRONTIER); // SLOAD
  def(0x55, 2, -2, F.FRONTIER); // SSTORE
  def(0x56, 1, -1, F.FRONTIER); // JUMP
  def(0x57, 2, -2, F.FRONTIER); // JUMPI
  for (let op = 0x58; op <= 0x5a; op++) def(op, 0, 1, F.FRONTIER); // PC MSIZE GAS
  def(0x5b, 0, 0, F.FRONTIER); // JUMPDEST
  def(0x5c, 1, 0, F.CANCUN); // TLOAD (EIP-1153)
  def(0x5d, 2, -2, F.CANCUN); // TSTORE (EIP-1153)
  def(0x5e, 3, -3, F.CANCUN); // MCOPY (EIP-5656)
  def(0x5f, 0, 1, F.SHANGHAI); // PUSH0 (EIP-3855)
  for (let n = 1; n <= 32; n++) {
    def(0x5f + n, 0, 1, F.FRONTIER); // PUSHn
    store<u8>(TRAITS + (<usize>(0x5f + n) << 2), <u8>n, 3);
  }
  for (let n = 1; n <= 16; n++) def(0x7f + n, n, 1, F.FRONTIER); // DUPn
  for (let n = 1; n <= 16; n++) def(0x8f + n, n + 1, 0, F.FRONTIER); // SWAPn
  for (let n = 0; n <= 4; n++) def(0xa0 + n, n + 2, -(n + 2), F.FRONTIER); // LOGn
  def(0xf0, 3, -2, F.FRONTIER); // CREATE
  def(0xf1, 7, -6, F.FRONTIER); // CALL
  def(0xf2, 7, -6, F.FRONTIER); // CALLCODE
  def(0xf3, 2, -2, F.FRONTIER); // RETURN
  def(0xf4, 6, -5, F.HOMESTEAD); // DELEGATECALL (EIP-7)
  def(0xf5, 4, -3, F.CONSTANTINOPLE); // CREATE2 (EIP-1014)
  def(0xfa, 6, -5, F.BYZANTIUM); // STATICCALL (EIP-214)
  def(0xfd, 2, -2, F.BYZANTIUM); // REVERT (EIP-140)
  def(0xfe, 0, 0, NEVER); // INVALID (EIP-141): always undefined
  def(0xff, 1, -1, F.FRONTIER); // SELFDESTRUCT
}

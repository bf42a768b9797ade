// The running frame's state, held in globals while it runs and saved to its header when it suspends.
// Only interpreter.ts, frames.ts and the instruction files touch these (`import * as ctx`).
export let frame: usize = 0; // header of the running frame
export let fork: i32 = 0;
export let gasTable: usize = 0; // u16[256] static gas of `fork`
export let pc: usize = 0; // absolute pointer into the padded code
export let sp: usize = 0; // next free stack slot
export let stackBase: usize = 0;
export let gas: i64 = 0;
export let refund: i64 = 0;
export let code: usize = 0;
export let codeLen: u32 = 0;
export let jumpdests: usize = 0;
export let memBase: usize = 0;
export let memSize: u32 = 0; // bytes, multiple of 32
export let retLen: u32 = 0; // return data of the last child, stored at memBase + memSize
export let isStatic: bool = false;
export let status: i32 = 0; // set by a body that halts the frame

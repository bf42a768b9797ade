// Test entry for the KZG point evaluation check (assembly/precompiles/kzg.ts). Built to build/testing/kzg.wasm.
import { verifyKzgProof, readG1, setup } from '../precompiles/kzg';
import { fpWriteBigEndian } from '../precompiles/bls12-field';

/** z (32) | y (32) | commitment (48) | proof (48). */
const INPUT: usize = memory.data(144, 16);

export function input(): usize { return INPUT; }

/** 1 when the proof at input() holds, 0 when it does not or an input is malformed. */
export function verify(): i32 { return verifyKzgProof(INPUT) ? 1 : 0; }

/** The point at input() + 64 as kzg.ts reads it: 1 a point of G1, 0 infinity, -1 refused; x, y (48 bytes each, big-endian) to output(). */
const POINT: usize = memory.data(144, 16);
const OUTPUT: usize = memory.data(96, 16);
export function output(): usize { return OUTPUT; }
export function decode(): i32 {
  setup();
  const r = readG1(INPUT + 64, POINT);
  if (r > 0) { fpWriteBigEndian(POINT, OUTPUT); fpWriteBigEndian(POINT + 48, OUTPUT + 48); }
  return r;
}

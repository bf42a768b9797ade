/**
 * 0x05 MODEXP (EIP-198), base^exp % mod over big-endian integers of declared lengths.
 *
 * Input: baseLen (32) | expLen (32) | modLen (32) | base | exp | mod, zero-padded when short.
 * Gas: EIP-198 (Byzantium..Istanbul), EIP-2565 (Berlin..Prague), EIP-7883 (Osaka).
 * Osaka also caps each length at 1024 bytes (EIP-7823); a larger length makes the call fail.
 *
 * The declared lengths can be as large as 2^256 - 1: everything up to the gas check is done with
 * bigint arithmetic and nothing is allocated from a declared length until the gas is known to be
 * affordable (the caller checks the cost against the gas limit before calling `run`).
 */
import { Fork } from '../forks.js';
import { EMPTY, bytesToBigInt, readPadded, readWord, type PrecompileSpec } from './util.js';

/** EIP-7823 upper bound (bytes) for each of base, exponent and modulus lengths. */
export const MODEXP_MAX_LEN = 1024n;

interface Header {
  baseLen: bigint;
  expLen: bigint;
  modLen: bigint;
  /** The first min(32, expLen) bytes of the exponent as an integer. */
  expHead: bigint;
}

function readHeader(input: Uint8Array): Header {
  const baseLen = readWord(input, 0);
  const expLen = readWord(input, 32);
  const modLen = readWord(input, 64);
  const headLen = expLen < 32n ? Number(expLen) : 32;
  const expHead = bytesToBigInt(readPadded(input, 96n + baseLen, headLen));
  return { baseLen, expLen, modLen, expHead };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Adjusted exponent length / iteration count before the max(.., 1). */
function iterations(expLen: bigint, expHead: bigint, multiplier: bigint): bigint {
  const headBits = bitLength(expHead);
  const headPart = headBits > 0 ? BigInt(headBits - 1) : 0n;
  if (expLen <= 32n) return headPart;
  return multiplier * (expLen - 32n) + headPart;
}

/** EIP-198 multiplication complexity. */
function complexityEip198(x: bigint): bigint {
  if (x <= 64n) return x * x;
  if (x <= 1024n) return (x * x) / 4n + 96n * x - 3072n;
  return (x * x) / 16n + 480n * x - 199680n;
}

/** Gas cost of a MODEXP call (bigint; may be astronomically large for hostile lengths). */
export function modexpGas(input: Uint8Array, fork: number): bigint {
  const { baseLen, expLen, modLen, expHead } = readHeader(input);
  const maxLen = baseLen > modLen ? baseLen : modLen;
  if (fork >= Fork.Osaka) {
    // EIP-7883
    const wordsLen = (maxLen + 7n) / 8n;
    const complexity = maxLen > 32n ? 2n * wordsLen * wordsLen : 16n;
    let iters = iterations(expLen, expHead, 16n);
    if (iters < 1n) iters = 1n;
    const cost = complexity * iters;
    return cost > 500n ? cost : 500n;
  }
  if (fork >= Fork.Berlin) {
    // EIP-2565
    const wordsLen = (maxLen + 7n) / 8n;
    const complexity = wordsLen * wordsLen;
    let iters = iterations(expLen, expHead, 8n);
    if (iters < 1n) iters = 1n;
    const cost = (complexity * iters) / 3n;
    return cost > 200n ? cost : 200n;
  }
  // EIP-198
  let adjusted = iterations(expLen, expHead, 8n);
  if (adjusted < 1n) adjusted = 1n;
  return (complexityEip198(maxLen) * adjusted) / 20n;
}

/** base^exp mod m by left-to-right square-and-multiply (m > 0). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  base %= m;
  if (exp === 0n) return 1n;
  if (base === 0n) return 0n;
  let result = 1n;
  const bits = exp.toString(2);
  for (let i = 0; i < bits.length; i++) {
    result = (result * result) % m;
    if (bits.charCodeAt(i) === 49) result = (result * base) % m;
  }
  return result;
}

/** Lengths beyond this can never be paid for; treated as a failure instead of allocating. */
const SANE_LEN = 1n << 31n;

export function modexp(input: Uint8Array, fork: number): Uint8Array | null {
  const { baseLen, expLen, modLen } = readHeader(input);
  if (fork >= Fork.Osaka && (baseLen > MODEXP_MAX_LEN || expLen > MODEXP_MAX_LEN || modLen > MODEXP_MAX_LEN)) {
    return null;
  }
  // The output has the length of the modulus: nothing to compute for an empty modulus.
  if (modLen === 0n) return EMPTY;
  if (baseLen > SANE_LEN || expLen > SANE_LEN || modLen > SANE_LEN) return null;
  const bLen = Number(baseLen);
  const eLen = Number(expLen);
  const mLen = Number(modLen);
  const mod = bytesToBigInt(readPadded(input, 96 + bLen + eLen, mLen));
  const out = new Uint8Array(mLen);
  if (mod === 0n) return out;
  const base = bytesToBigInt(readPadded(input, 96, bLen));
  const exp = readExponent(input, 96 + bLen, eLen);
  let r = modPow(base, exp, mod);
  for (let i = mLen - 1; i >= 0 && r > 0n; i--) {
    out[i] = Number(r & 0xffn);
    r >>= 8n;
  }
  return out;
}

/** The exponent; bytes past the end of the input are zeros (a shift, not an allocation). */
function readExponent(input: Uint8Array, start: number, len: number): bigint {
  if (len === 0 || start >= input.length) return 0n;
  const avail = Math.min(len, input.length - start);
  const v = bytesToBigInt(input.subarray(start, start + avail));
  return v === 0n ? 0n : v << BigInt(8 * (len - avail));
}

export const modexpPrecompile: PrecompileSpec = {
  address: 0x05,
  name: 'MODEXP',
  since: Fork.Byzantium,
  gas: modexpGas,
  run: modexp,
};

// The only export surface of the core: init(), execute(), resetCache(), hash() (and its pieces), kzgVerify() and the
// region pointers.
import * as L from './layout';
import * as F from './forks';
import { initTraits } from './opcodes';
import { initGasTables } from './gas/tables';
import { resetCache } from './analysis';
import { execute as executeMessage } from './frames';
import { keccak256, keccakAbsorb, keccakFinish } from './crypto/keccak';
import { verifyKzgProof } from './precompiles/kzg';

/** Carves the regions and builds the tables; call once per instance. */
export function init(): void {
  L.carve(F.FORK_COUNT);
  initTraits();
  initGasTables();
  resetCache();
}

/** Runs the message in MSG (see layout.ts) with the environment in ENV; results land in MSG's RES_* fields. */
export function execute(): void { executeMessage(); }

/** Forgets cached code analysis (between transactions only). */
export function clearCodeCache(): void { resetCache(); }

export function envBase(): usize { return L.ENV; }
export function msgBase(): usize { return L.MSG; }
/** Where the host writes the top-level calldata or init code. */
export function inputBase(): usize { return L.DYNAMIC; }

/** Where the host writes up to 65536 bytes for hash(); the hash lands 65536 bytes further on. */
export function hashBase(): usize { return L.HASH; }

/** Where hash(), hashFinish() write the hash, and where a hash taken in pieces keeps its 25 lanes. */
// @ts-ignore: decorator
@inline function hashOut(): usize { return L.HASH + <usize>L.HASH_INPUT_SIZE; }
// @ts-ignore: decorator
@inline function hashLanes(): usize { return hashOut() + 32; }

/**
 * keccak-256 of the `len` bytes at hashBase(), for the host's own hashing (~10x @noble/hashes'). Safe
 * inside a host call: the core never calls the host while it hashes, and nothing else uses HASH.
 */
export function hash(len: u32): void { keccak256(L.HASH, <usize>len, hashOut()); }

/**
 * A longer input in pieces: hashAbsorb(len) takes `len` bytes at hashBase() (a multiple of 136) into a
 * running state that its first call (`first` = 1) starts from zero; hashFinish(len) takes the last piece and
 * writes the hash where hash() does.
 */
export function hashAbsorb(len: u32, first: i32): void {
  if (first != 0) memory.fill(hashLanes(), 0, 200);
  keccakAbsorb(L.HASH, <usize>len, hashLanes());
}
export function hashFinish(len: u32): void { keccakFinish(L.HASH, <usize>len, hashLanes(), hashOut()); }

/**
 * EIP-4844's verify_kzg_proof for the host's point evaluation precompile (src/precompiles/0a-): the 144 bytes
 * at hashBase() are z, y, the commitment and the proof; 1 when the proof holds, 0 when it does not or an input
 * is malformed. Safe inside a host call, as hash() is: it uses HASH and the precompiles' own scratch only.
 */
export function kzgVerify(): i32 { return verifyKzgProof(L.HASH) ? 1 : 0; }

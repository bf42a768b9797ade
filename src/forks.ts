/**
 * Fork names <-> numeric ids. The ids are the same as `assembly/forks.ts` (a test checks both agree).
 * Fixture spellings (ethereum/tests, execution-spec-tests) map onto these through FORK_ALIASES.
 */
export const Fork = {
  Frontier: 0,
  Homestead: 1,
  TangerineWhistle: 2, // EIP-150, block 2,463,000
  SpuriousDragon: 3, // EIP-155/158/161/170, block 2,675,000
  Byzantium: 4, // block 4,370,000
  Constantinople: 5, // block 7,280,000 (with EIP-1283, never on mainnet)
  Petersburg: 6, // block 7,280,000 (ConstantinopleFix: Constantinople without EIP-1283)
  Istanbul: 7, // block 9,069,000
  Berlin: 8, // block 12,244,000
  London: 9, // block 12,965,000
  Paris: 10, // block 15,537,394 (the Merge)
  Shanghai: 11, // timestamp 1,681,338,455
  Cancun: 12, // timestamp 1,710,338,135
  Prague: 13, // timestamp 1,746,612,311
  Osaka: 14, // timestamp 1,764,798,551
} as const;

export type ForkName = keyof typeof Fork;
export type ForkId = (typeof Fork)[ForkName];

export const FORK_NAMES: ForkName[] = Object.keys(Fork) as ForkName[];

/** Names used by fixtures and other tools, mapped to ours. */
export const FORK_ALIASES: Record<string, ForkName> = {
  Frontier: 'Frontier',
  Homestead: 'Homestead',
  EIP150: 'TangerineWhistle',
  TangerineWhistle: 'TangerineWhistle',
  EIP158: 'SpuriousDragon',
  SpuriousDragon: 'SpuriousDragon',
  Byzantium: 'Byzantium',
  Constantinople: 'Constantinople',
  ConstantinopleFix: 'Petersburg',
  Petersburg: 'Petersburg',
  Istanbul: 'Istanbul',
  MuirGlacier: 'Istanbul',
  Berlin: 'Berlin',
  London: 'London',
  ArrowGlacier: 'London',
  GrayGlacier: 'London',
  Merge: 'Paris',
  Paris: 'Paris',
  Shanghai: 'Shanghai',
  Cancun: 'Cancun',
  Prague: 'Prague',
  Osaka: 'Osaka',
};

/** Resolves a fork name in any accepted spelling (case-insensitive) to its id; throws on an unknown name. */
export function forkId(name: string): ForkId {
  const direct = FORK_ALIASES[name];
  if (direct) return Fork[direct];
  const lower = name.toLowerCase();
  for (const [alias, canonical] of Object.entries(FORK_ALIASES)) {
    if (alias.toLowerCase() === lower) return Fork[canonical];
  }
  throw new Error(`unknown fork "${name}" (expected one of ${Object.keys(FORK_ALIASES).join(', ')})`);
}

export function forkName(id: number): ForkName {
  const name = FORK_NAMES[id];
  if (name === undefined) throw new Error(`unknown fork id ${id}`);
  return name;
}

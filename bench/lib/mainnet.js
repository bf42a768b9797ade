// The mainnet blocks of ../shared/mainnet-blocks, as the benchmarks read them (bench/parallel.js, bench/block.js).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder, with a trailing slash (its SOURCES.md says what is in it). */
export const MAINNET = fileURLToPath(new URL('../../../shared/mainnet-blocks/', import.meta.url));

/** The code table (by hash) and the ancestor block hashes all the blocks share. */
export function mainnetTables() {
  return {
    codes: JSON.parse(readFileSync(`${MAINNET}bytecodes.json`, 'utf8')),
    hashes: JSON.parse(readFileSync(`${MAINNET}block_hashes.json`, 'utf8')),
  };
}

/** The block numbers present, ascending. */
export function mainnetBlockNumbers() {
  return readdirSync(`${MAINNET}blocks`).map(Number).sort((a, b) => a - b);
}

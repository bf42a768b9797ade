#!/usr/bin/env node
// Builds the Wasm core: assembly/index.ts -> build/evm.wasm (release) and build/evm.debug.wasm (debug),
// and every test entry assembly/testing/NAME.ts -> build/testing/NAME.wasm (exports internals for tests/).
import { readdirSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const asc = resolve(root, 'node_modules', '.bin', 'asc');
const only = process.argv.slice(2);

function run(args) {
  execFileSync(asc, args, { cwd: root, stdio: 'inherit' });
}

if (!only.length || only.includes('core')) {
  if (existsSync(resolve(root, 'assembly/index.ts'))) {
    run(['assembly/index.ts', '--target', 'release']);
    if (!only.includes('--release-only')) run(['assembly/index.ts', '--target', 'debug']);
  }
}
if (!only.length || only.includes('testing')) {
  const dir = resolve(root, 'assembly/testing');
  mkdirSync(resolve(root, 'build/testing'), { recursive: true });
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    if (!f.endsWith('.ts')) continue;
    const name = basename(f, '.ts');
    run([`assembly/testing/${f}`, '-O3', '--runtime', 'stub', '--initialMemory', '16',
      '-o', `build/testing/${name}.wasm`]);
  }
}

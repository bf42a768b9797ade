#!/usr/bin/env node
// Links the official fixtures in as ./ethereum-tests: ../shared/ethereum-tests when it exists
// (this workplace, CI), otherwise a shallow clone of the public ethereum/tests repository.
import { existsSync, lstatSync, symlinkSync, readlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, 'ethereum-tests');
const shared = resolve(root, '..', 'shared', 'ethereum-tests');

function linked() {
  try { return lstatSync(target); } catch { return null; }
}

const st = linked();
if (st) {
  const where = st.isSymbolicLink() ? readlinkSync(target) : target;
  console.log(`ethereum-tests/ already present (${where})`);
} else if (existsSync(shared)) {
  symlinkSync(shared, target, 'dir');
  console.log(`ethereum-tests/ -> ${shared}`);
} else {
  const url = 'https://github.com/ethereum/tests.git';
  console.log(`../shared/ethereum-tests not found; cloning ${url} (shallow) ...`);
  execFileSync('git', ['clone', '--depth', '1', url, target], { stdio: 'inherit' });
}

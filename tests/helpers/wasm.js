// Loads a test entry compiled from assembly/testing/NAME.ts (npm run asbuild) and returns its exports.
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadTestWasm(name, extraImports = {}) {
  const bytes = readFileSync(resolve(root, 'build', 'testing', `${name}.wasm`));
  const module = new WebAssembly.Module(bytes);
  let memory;
  const env = {
    abort(msg, file, line, col) { throw new Error(`wasm abort at ${line}:${col}`); },
    seed() { return 0; },
    ...extraImports,
  };
  const instance = new WebAssembly.Instance(module, { env });
  memory = instance.exports.memory;
  return instance.exports;
}

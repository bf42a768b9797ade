/**
 * Compiles the core once per process and instantiates it. The module comes from build/evm.wasm:
 * read with node:fs on Node, fetched elsewhere (browsers, Deno, Bun); edge runtimes that cannot
 * compile bytes pass a precompiled WebAssembly.Module to setModule().
 */
let cached: Promise<WebAssembly.Module> | null = null;

const WASM_URL = new URL('../../build/evm.wasm', import.meta.url);

/** Supplies the compiled module (edge runtimes import it as a module binding). */
export function setModule(module: WebAssembly.Module): void { cached = Promise.resolve(module); }

export function loadModule(): Promise<WebAssembly.Module> {
  if (cached) return cached;
  cached = (async () => {
    const isNode = typeof process !== 'undefined' && !!process.versions?.node;
    if (isNode) {
      const { readFile } = await import('node:fs/promises');
      const { fileURLToPath } = await import('node:url');
      let bytes: Uint8Array;
      try {
        bytes = await readFile(fileURLToPath(WASM_URL));
      } catch (e) {
        throw new Error(`parevm: cannot read ${fileURLToPath(WASM_URL)} (run "npm run build"): ${(e as Error).message}`);
      }
      return WebAssembly.compile(bytes as BufferSource);
    }
    return WebAssembly.compileStreaming(fetch(WASM_URL));
  })();
  return cached;
}

/** The raw exports of assembly/index.ts. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  init(): void;
  execute(): void;
  clearCodeCache(): void;
  envBase(): number;
  msgBase(): number;
  inputBase(): number;
  /** keccak-256 of `len` bytes at hashBase() to hashBase() + HASH_INPUT_SIZE. */
  hash(len: number): void;
  /** A longer input in pieces (multiples of 136 bytes at hashBase(); `first` 1 starts a new hash), then the last piece. */
  hashAbsorb(len: number, first: number): void;
  hashFinish(len: number): void;
  hashBase(): number;
  /** verify_kzg_proof for the 144 bytes at hashBase() (z, y, commitment, proof): 1 when it holds, else 0. */
  kzgVerify(): number;
}

// Merkle-Patricia trie roots against ethereum-tests/TrieTests (plain and secure variants).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { trieRoot, secureTrieRoot, EMPTY_TRIE_ROOT } from '../../dist/trie.js';
import { hexToBytes, bytesToHex, keccak256 } from '../../dist/bytes.js';

const ROOT = new URL('../../ethereum-tests/TrieTests/', import.meta.url).pathname;

/** Fixture key/value: "0x…" is hex (always, in hexEncoded files), anything else UTF-8; null means delete. */
function toBytes(s, hexEncoded) {
  if (s === null) return new Uint8Array(0);
  if (hexEncoded || s.startsWith('0x')) return hexToBytes(s);
  return new TextEncoder().encode(s);
}

/** Applies the updates in order (later ones overwrite, null deletes) and returns the final entries. */
function finalEntries(t) {
  const pairs = Array.isArray(t.in) ? t.in : Object.entries(t.in);
  const map = new Map();
  for (const [k, v] of pairs) {
    const key = toBytes(k, t.hexEncoded);
    if (v === null) map.delete(bytesToHex(key));
    else map.set(bytesToHex(key), [key, toBytes(v, t.hexEncoded)]);
  }
  return [...map.values()];
}

// trietestnextprev.json tests key iteration (next/prev of a key) on a persistent trie; this module only
// computes roots, so there is nothing in it to test. Listed here so it is never skipped silently.
const NOT_APPLICABLE = { 'trietestnextprev.json': 'tests trie iteration (next/prev key), not root hashes' };

describe('TrieTests', () => {
  const files = readdirSync(ROOT).filter((f) => f.endsWith('.json'));
  it('finds the fixtures', () => assert.ok(files.length >= 5));
  for (const file of files) {
    if (NOT_APPLICABLE[file]) {
      it(`${file}: skipped (${NOT_APPLICABLE[file]})`, () => console.log(`      skipped ${file}: ${NOT_APPLICABLE[file]}`));
      continue;
    }
    const secure = /secure/i.test(file);
    const cases = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    describe(file, () => {
      for (const [name, t] of Object.entries(cases)) {
        it(name, () => {
          const entries = finalEntries(t);
          const root = secure ? secureTrieRoot(entries) : trieRoot(entries);
          assert.equal(bytesToHex(root), t.root);
        });
      }
    });
  }

  it('empty trie root', () => {
    assert.equal(bytesToHex(trieRoot([])), '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
    assert.equal(bytesToHex(EMPTY_TRIE_ROOT), bytesToHex(trieRoot([])));
  });

  it('treats empty values as absent and lets the last duplicate win', () => {
    const a = new TextEncoder().encode('a');
    const b = new TextEncoder().encode('b');
    assert.equal(bytesToHex(trieRoot([[a, b], [b, new Uint8Array(0)]])), bytesToHex(trieRoot([[a, b]])));
    assert.equal(bytesToHex(trieRoot([[a, a], [a, b]])), bytesToHex(trieRoot([[a, b]])));
  });

  it('is order independent and handles 10k entries quickly', () => {
    const entries = [];
    for (let i = 0; i < 10000; i++) {
      const k = keccak256(new Uint8Array([i >> 8, i & 255]));
      entries.push([k, k.subarray(0, 1 + (i % 32))]);
    }
    const t0 = performance.now();
    const r1 = trieRoot(entries);
    const ms = performance.now() - t0;
    const r2 = trieRoot([...entries].reverse());
    assert.equal(bytesToHex(r1), bytesToHex(r2));
    assert.ok(ms < 2000, `10k entries took ${ms.toFixed(0)} ms`);
  });
});

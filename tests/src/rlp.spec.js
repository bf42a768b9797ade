// RLP encode/decode against every case in ethereum-tests/RLPTests (valid: round trip; invalid: decode must throw).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { encode, decode } from '../../dist/rlp.js';
import { hexToBytes, bytesToHex, bigintToBytes } from '../../dist/bytes.js';

const ROOT = new URL('../../ethereum-tests/RLPTests/', import.meta.url).pathname;

function jsonFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
  });
}

/** Fixture input → encoder input: "#123" is a bigint, numbers are integers, strings are UTF-8 bytes. */
function toInput(v) {
  if (Array.isArray(v)) return v.map(toInput);
  if (typeof v === 'number') return v;
  if (v.startsWith('#')) return BigInt(v.slice(1));
  return new TextEncoder().encode(v);
}

/** The item the decoder should return for a fixture input (integers as minimal big-endian strings). */
function toItem(v) {
  if (Array.isArray(v)) return v.map(toItem);
  if (typeof v === 'number') return bigintToBytes(BigInt(v));
  if (v.startsWith('#')) return bigintToBytes(BigInt(v.slice(1)));
  return new TextEncoder().encode(v);
}

function show(item) {
  return Array.isArray(item) ? item.map(show) : bytesToHex(item);
}

describe('RLPTests', () => {
  const files = jsonFiles(ROOT);
  it('finds the fixtures', () => assert.ok(files.length >= 3, `no fixtures under ${ROOT}`));
  for (const file of files) {
    const cases = JSON.parse(readFileSync(file, 'utf8'));
    describe(relative(ROOT, file), () => {
      for (const [name, t] of Object.entries(cases)) {
        const out = hexToBytes(t.out);
        if (t.in === 'INVALID') {
          it(`${name} (invalid)`, () => assert.throws(() => decode(out), /RLP/));
        } else if (t.in === 'VALID') {
          it(`${name} (valid, decode + re-encode)`, () => assert.equal(bytesToHex(encode(decode(out))), bytesToHex(out)));
        } else {
          it(name, () => {
            assert.equal(bytesToHex(encode(toInput(t.in))), bytesToHex(out).toLowerCase());
            assert.deepEqual(show(decode(out)), show(toItem(t.in)));
          });
        }
      }
    });
  }

  it('names the problem in decode errors', () => {
    assert.throws(() => decode(hexToBytes('0x8100')), /single byte/);
    assert.throws(() => decode(hexToBytes('0xb800')), /leading zero/);
    assert.throws(() => decode(hexToBytes('0xb801ff')), /non-canonical/);
    assert.throws(() => decode(hexToBytes('0x8080')), /trailing/);
    assert.throws(() => decode(hexToBytes('0x83aabb')), /truncated/);
    assert.throws(() => decode(new Uint8Array(0)), /empty input/);
  });
});

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

  it('encodes integers of both kinds and headers at the long-form boundaries', () => {
    const hex = (x) => bytesToHex(encode(x));
    assert.equal(hex(0), '0x80'); assert.equal(hex(0n), '0x80');
    assert.equal(hex(127), '0x7f'); assert.equal(hex(128), '0x8180'); assert.equal(hex(256n), '0x820100');
    assert.equal(hex(Number.MAX_SAFE_INTEGER), '0x871fffffffffffff');
    assert.equal(hex(new Uint8Array(55)), '0xb7' + '00'.repeat(55));
    assert.equal(hex(new Uint8Array(56)), '0xb838' + '00'.repeat(56));
    assert.equal(hex(new Uint8Array(256)), '0xb90100' + '00'.repeat(256));
    assert.equal(hex(new Uint8Array(65536)).slice(0, 10), '0xba010000');
    assert.equal(hex([new Uint8Array(54)]), '0xf7b6' + '00'.repeat(54)); // payload 55: short list header
    assert.equal(hex([new Uint8Array(55)]), '0xf838b7' + '00'.repeat(55)); // payload 56: long
    assert.equal(hex([[], [[]], [[], [[]]]]), '0xc7c0c1c0c3c0c1c0'); // nested lists, payloads noted in order
    assert.equal(hex([1, [2n, Uint8Array.of(0x80)], 0]), '0xc6' + '01' + 'c3' + '02' + '8180' + '80');
  });

  it('refuses integers it cannot encode and values of other types, naming them', () => {
    assert.throws(() => encode(-1), /invalid integer -1/);
    assert.throws(() => encode(1.5), /invalid integer 1.5/);
    assert.throws(() => encode(2 ** 53), /invalid integer/);
    assert.throws(() => encode([1, [-2]]), /invalid integer -2/);
    assert.throws(() => encode(-1n), /negative value/);
    assert.throws(() => encode('ab'), /unsupported value of type string/);
  });

  it('names the problem in decode errors', () => {
    assert.throws(() => decode(hexToBytes('0x8100')), /single byte/);
    assert.throws(() => decode(hexToBytes('0xb800')), /leading zero/);
    assert.throws(() => decode(hexToBytes('0xb801ff')), /non-canonical/);
    assert.throws(() => decode(hexToBytes('0x8080')), /trailing/);
    assert.throws(() => decode(hexToBytes('0x83aabb')), /truncated/);
    assert.throws(() => decode(new Uint8Array(0)), /empty input/);
  });
});

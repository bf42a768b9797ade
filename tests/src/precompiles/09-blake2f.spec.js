import assert from 'node:assert/strict';
import { blake2b } from '@noble/hashes/blake2.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const run = (h, gas = 1_000_000n, fork = Fork.Istanbul) => runPrecompile(9, typeof h === 'string' ? bytes(h) : h, gas, fork);

// EIP-152 test vectors: the body shared by vectors 3..8 (h, m = "abc", t = 3) without rounds and f.
const BODY =
  '48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b' +
  '6162630000000000000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000' +
  '03000000000000000000000000000000';
const vec = (rounds, f) => rounds + BODY + f;

describe('precompile 0x09 BLAKE2F (EIP-152)', () => {
  it('test vector 4: 0 rounds', () => {
    assert.equal(
      hex(run(vec('00000000', '01')).output),
      '08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b',
    );
  });

  it('test vector 5: 12 rounds (BLAKE2b-512 of "abc")', () => {
    const r = run(vec('0000000c', '01'));
    assert.equal(
      hex(r.output),
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
    assert.equal(hex(r.output), hex(blake2b(new TextEncoder().encode('abc'))));
    assert.equal(r.gasUsed, 12n);
  });

  it('test vector 6: f = 0', () => {
    assert.equal(
      hex(run(vec('0000000c', '00')).output),
      '75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735',
    );
  });

  it('test vector 7: 1 round', () => {
    assert.equal(
      hex(run(vec('00000001', '01')).output),
      'b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421',
    );
  });

  it('test vector 8 (2^32 - 1 rounds): priced at 4294967295 gas; fails cheaply when unaffordable', () => {
    const input = vec('ffffffff', '01');
    assert.deepEqual(run(input, 30_000_000n), { ok: false, gasUsed: 30_000_000n, output: new Uint8Array(0) });
    // Running it (~4·10^9 rounds) is far too slow for a unit test; the price is checked instead.
    assert.equal(runPrecompile(9, bytes(input), 4294967294n, Fork.Istanbul).ok, false);
  });

  it('test vectors 0-3: wrong length or final flag fail with all gas', () => {
    const fail = (h) => assert.deepEqual(run(h, 5000n), { ok: false, gasUsed: 5000n, output: new Uint8Array(0) });
    fail(''); // vector 0
    fail('00000c' + BODY + '01'); // vector 1: 212 bytes
    fail('000000000c' + BODY + '01'); // vector 2: 214 bytes
    fail(vec('0000000c', '02')); // vector 3: f = 2
    fail(vec('0000000c', 'ff'));
  });

  it('matches BLAKE2b for multi-block messages (t counter, final flag)', () => {
    // Hash a 300-byte message with F directly and compare with noble's BLAKE2b-512.
    const msg = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
    const IV = [
      0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
      0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n,
    ];
    const le64 = (v) => { const b = new Uint8Array(8); for (let i = 0; i < 8; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn); return b; };
    let h = new Uint8Array(64);
    IV.forEach((v, i) => h.set(le64(i === 0 ? v ^ 0x01010040n : v), 8 * i));
    for (let off = 0; off < msg.length; off += 128) {
      const block = new Uint8Array(128);
      block.set(msg.subarray(off, off + 128));
      const last = off + 128 >= msg.length;
      const t = BigInt(Math.min(off + 128, msg.length));
      const input = new Uint8Array(213);
      input.set([0, 0, 0, 12], 0);
      input.set(h, 4);
      input.set(block, 68);
      input.set(le64(t), 196);
      input[212] = last ? 1 : 0;
      h = run(input).output;
    }
    assert.equal(hex(h), hex(blake2b(msg)));
  });

  it('gas = rounds; exists from Istanbul', () => {
    assert.equal(run(vec('00000000', '01')).gasUsed, 0n);
    assert.equal(run(vec('00000400', '01')).gasUsed, 1024n);
    assert.equal(run(vec('00000400', '01'), 1023n).ok, false);
  });
});

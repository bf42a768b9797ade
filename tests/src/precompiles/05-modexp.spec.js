import assert from 'node:assert/strict';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { modexpGas, modPow } from '../../../dist/precompiles/05-modexp.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const num = (n, len) => (len === 0 ? '' : BigInt(n).toString(16).padStart(len * 2, '0'));
/** Builds a MODEXP input from values and byte lengths. */
const input = (b, bl, e, el, m, ml) => bytes(w(bl) + w(el) + w(ml) + num(b, bl) + num(e, el) + num(m, ml));
const BIG_GAS = 1n << 40n;
const run = (data, fork, gas = BIG_GAS) => runPrecompile(5, data, gas, fork);

const SECP_P = 2n ** 256n - 2n ** 32n - 977n;

describe('precompile 0x05 MODEXP', () => {
  describe('EIP-198 examples', () => {
    it('3^(p-2) mod p = 1 (Fermat), with the gas of each pricing rule', () => {
      const data = bytes(
        w(1) + w(32) + w(32) + '03' +
        'fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e' +
        'fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f',
      );
      for (const fork of [Fork.Byzantium, Fork.Berlin, Fork.Osaka]) {
        assert.equal(hex(run(data, fork).output), w(1));
      }
      // EIP-198: 32² · 255 / 20 = 13056; EIP-2565: ceil(32/8)² · 255 / 3 = 1360; EIP-7883: 16 · 255 = 4080.
      assert.equal(run(data, Fork.Byzantium).gasUsed, 13056n);
      assert.equal(run(data, Fork.Istanbul).gasUsed, 13056n);
      assert.equal(run(data, Fork.Berlin).gasUsed, 1360n);
      assert.equal(run(data, Fork.Prague).gasUsed, 1360n);
      assert.equal(run(data, Fork.Osaka).gasUsed, 4080n);
    });

    it('0^(p-2) mod p = 0 with an empty base', () => {
      const data = bytes(
        w(0) + w(32) + w(32) +
        'fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e' +
        'fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f',
      );
      const r = run(data, Fork.Byzantium);
      assert.equal(r.ok, true);
      assert.equal(hex(r.output), w(0));
      assert.equal(r.gasUsed, 13056n);
    });
  });

  describe('gas (EIP-198 / EIP-2565 / EIP-7883)', () => {
    // Shapes of the nagydani benchmark vectors: 64-byte base and modulus.
    const b64 = (1n << 511n) + 12345n;
    const m64 = (1n << 511n) + 999n;
    it('square: 64-byte operands, exponent 2', () => {
      const data = input(b64, 64, 2, 1, m64, 64);
      assert.equal(modexpGas(data, Fork.Byzantium), 204n); // 64² · 1 / 20
      assert.equal(modexpGas(data, Fork.Berlin), 200n); // max(200, 64 · 1 / 3)
      assert.equal(modexpGas(data, Fork.Osaka), 500n); // max(500, 2 · 8² · 1)
    });
    it('pow 0x10001: 64-byte operands', () => {
      const data = input(b64, 64, 0x10001, 3, m64, 64);
      assert.equal(modexpGas(data, Fork.Byzantium), 3276n); // 4096 · 16 / 20
      assert.equal(modexpGas(data, Fork.Berlin), 341n); // 64 · 16 / 3 (EIP-2565 table)
      assert.equal(modexpGas(data, Fork.Osaka), 2048n); // 128 · 16
      assert.equal(hex(run(data, Fork.Osaka).output), num(modPow(b64, 0x10001n, m64), 64));
    });
    it('EIP-198 complexity bands (x ≤ 64, ≤ 1024, > 1024)', () => {
      const g = (len) => modexpGas(input(1, len, 3, 1, 1, 1), Fork.Byzantium);
      assert.equal(g(64), (64n * 64n * 1n) / 20n);
      assert.equal(g(100), ((100n * 100n) / 4n + 96n * 100n - 3072n) / 20n);
      assert.equal(g(2000), ((2000n * 2000n) / 16n + 480n * 2000n - 199680n) / 20n);
    });
    it('exponent longer than 32 bytes: 8 (16 from Osaka) per extra byte + bits of the head', () => {
      // 40-byte exponent whose first 32 bytes are 0...01 (head bit length 1 → 0).
      const data = bytes(w(1) + w(40) + w(1) + '02' + '00'.repeat(31) + '01' + 'ff'.repeat(8) + '07');
      assert.equal(modexpGas(data, Fork.Byzantium), 3n); // complexity(1) = 1; 1 · (8 · 8 + 0) / 20
      assert.equal(modexpGas(data, Fork.Berlin), 200n); // max(200, 1 · 64 / 3)
      assert.equal(modexpGas(data, Fork.Osaka), 2048n); // 16 · (16 · 8 + 0)
      // head 0x80.. (bit length 256 → 255) adds 255
      const data2 = bytes(w(1) + w(40) + w(1) + '02' + '80' + '00'.repeat(39) + '07');
      assert.equal(modexpGas(data2, Fork.Osaka), 16n * (16n * 8n + 255n));
      assert.equal(modexpGas(data2, Fork.Berlin), (8n * 8n + 255n) / 3n > 200n ? (8n * 8n + 255n) / 3n : 200n);
    });
    it('iteration count uses the head only, and at least 1', () => {
      // exponent 0 → iterations max(0, 1) = 1
      assert.equal(modexpGas(input(5, 32, 0, 32, 7, 32), Fork.Berlin), 200n);
      assert.equal(modexpGas(input(5, 32, 0, 32, 7, 32), Fork.Osaka), 500n);
      assert.equal(modexpGas(input(5, 32, 0, 32, 7, 32), Fork.Byzantium), (1024n * 1n) / 20n);
      // 33-byte zero exponent → 8 · 1 (Berlin) / 16 · 1 (Osaka)
      assert.equal(modexpGas(input(5, 40, 0, 33, 7, 40), Fork.Berlin), (25n * 8n) / 3n > 200n ? (25n * 8n) / 3n : 200n);
      assert.equal(modexpGas(input(5, 40, 0, 33, 7, 40), Fork.Osaka), 2n * 25n * 16n);
    });
    it('fails (all gas) one unit below the cost, succeeds at the cost', () => {
      const data = input(b64, 64, 0x10001, 3, m64, 64);
      assert.deepEqual(run(data, Fork.Berlin, 340n), { ok: false, gasUsed: 340n, output: new Uint8Array(0) });
      assert.equal(run(data, Fork.Berlin, 341n).ok, true);
      assert.equal(run(data, Fork.Osaka, 2047n).ok, false);
    });
  });

  describe('lengths and padding', () => {
    it('zero-pads input shorter than the declared lengths', () => {
      // base 3, exp 2, modulus declared as 2 bytes but only 0x01 present → 0x0100 = 256
      const data = bytes(w(1) + w(1) + w(2) + '03' + '02' + '01');
      assert.equal(hex(run(data, Fork.Byzantium).output), '0009');
      // modulus entirely missing → 0 → output is modLen zero bytes
      const data2 = bytes(w(1) + w(1) + w(3) + '03' + '02');
      assert.equal(hex(run(data2, Fork.Byzantium).output), '000000');
      // header itself truncated: lengths read as zero → empty output
      const r = run(bytes('00'.repeat(40)), Fork.Berlin);
      assert.equal(r.ok, true);
      assert.equal(r.output.length, 0);
      assert.equal(r.gasUsed, 200n);
    });

    it('exponent bytes past the end of the input are zeros (shifts the value)', () => {
      // exp declared 2 bytes, only 0x01 present → exponent 0x0100 = 256
      const data = bytes(w(1) + w(2) + w(0) + '03' + '01');
      assert.equal(run(data, Fork.Berlin).output.length, 0);
      const data2 = bytes(w(1) + w(1) + w(32) + '03' + '05' + w(1000003).slice(0, 62)); // modulus truncated by a byte
      const mod = BigInt('0x' + w(1000003).slice(0, 62) + '00');
      assert.equal(hex(run(data2, Fork.Berlin).output), num(modPow(3n, 5n, mod), 32));
    });

    it('modulus 0 → zeros; modulus 1 → 0; exponent 0 → 1; 0^0 = 1', () => {
      assert.equal(hex(run(input(7, 1, 3, 1, 0, 4), Fork.Berlin).output), '00000000');
      assert.equal(hex(run(input(7, 1, 3, 1, 1, 2), Fork.Berlin).output), '0000');
      assert.equal(hex(run(input(7, 1, 0, 1, 10, 1), Fork.Berlin).output), '01');
      assert.equal(hex(run(input(0, 1, 0, 1, 10, 1), Fork.Berlin).output), '01');
      assert.equal(hex(run(input(0, 0, 0, 0, 10, 1), Fork.Berlin).output), '01');
    });

    it('empty modulus → empty output without reading base or exponent', () => {
      const r = run(bytes(w(1) + w(1) + w(0) + 'ffff'), Fork.Berlin);
      assert.equal(r.ok, true);
      assert.equal(r.output.length, 0);
    });

    it('huge declared lengths never allocate: they just cost too much', () => {
      const max = 2n ** 256n - 1n;
      for (const fork of [Fork.Byzantium, Fork.Berlin, Fork.Osaka]) {
        for (const data of [
          bytes(w(max) + w(1) + w(1)),
          bytes(w(1) + w(1) + w(max)),
          bytes(w(1) + w(max) + w(1) + '02ff'),
          bytes(w(2n ** 32n) + w(2n ** 32n) + w(2n ** 32n)),
        ]) {
          const r = run(data, fork, 30_000_000n);
          assert.equal(r.ok, false);
          assert.equal(r.gasUsed, 30_000_000n);
          assert.ok(modexpGas(data, fork) > 30_000_000n);
        }
      }
    });

    it('huge exponent length with empty base and modulus: cheap, empty output before Osaka', () => {
      const data = bytes(w(0) + w(2n ** 255n) + w(0));
      assert.equal(modexpGas(data, Fork.Byzantium), 0n);
      assert.deepEqual(run(data, Fork.Byzantium, 0n), { ok: true, gasUsed: 0n, output: new Uint8Array(0) });
      // EIP-2565: complexity is 0 for empty base and modulus, so the minimum price applies.
      assert.deepEqual(run(data, Fork.Berlin, 200n), { ok: true, gasUsed: 200n, output: new Uint8Array(0) });
      // Osaka: the exponent length breaks the EIP-7823 bound.
      assert.equal(run(data, Fork.Osaka, 1n << 62n).ok, false);
    });
  });

  describe('EIP-7823 (Osaka): each length at most 1024 bytes', () => {
    for (const which of ['base', 'exponent', 'modulus']) {
      it(`${which} length 1024 is fine, 1025 fails even with ample gas`, () => {
        const mk = (len) => {
          const l = { base: 1, exponent: 1, modulus: 1 };
          l[which] = len;
          return bytes(w(l.base) + w(l.exponent) + w(l.modulus) + '00'.repeat(l.base - 1) + '03' + '00'.repeat(l.exponent - 1) + '03' + '00'.repeat(l.modulus - 1) + '07');
        };
        const ok = run(mk(1024), Fork.Osaka, 1n << 40n);
        assert.equal(ok.ok, true);
        const bad = run(mk(1025), Fork.Osaka, 1n << 40n);
        assert.deepEqual(bad, { ok: false, gasUsed: 1n << 40n, output: new Uint8Array(0) });
        assert.equal(run(mk(1025), Fork.Prague, 1n << 40n).ok, true);
      });
    }
  });

  it('matches a BigInt reference on a few larger random-looking inputs', () => {
    let seed = 12345n;
    const rnd = (bytesLen) => {
      let v = 0n;
      for (let i = 0; i < bytesLen; i++) {
        seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
        v = (v << 8n) | (seed >> 56n);
      }
      return v;
    };
    for (const [bl, el, ml] of [[32, 32, 32], [64, 8, 128], [200, 3, 256], [5, 70, 33]]) {
      const b = rnd(bl), e = rnd(el), m = rnd(ml) | 1n;
      let ref = 1n, bb = b % m, ee = e;
      while (ee > 0n) { if (ee & 1n) ref = (ref * bb) % m; bb = (bb * bb) % m; ee >>= 1n; }
      assert.equal(hex(run(input(b, bl, e, el, m, ml), Fork.Osaka).output), num(ref, ml));
    }
  });
});

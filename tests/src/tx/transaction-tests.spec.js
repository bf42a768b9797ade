// Decode + static validation + sender recovery against every case in ethereum-tests/TransactionTests.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeTx, encodeTx, txHash } from '../../../dist/tx/decode.js';
import { recoverSender } from '../../../dist/tx/signer.js';
import { intrinsicGas } from '../../../dist/tx/intrinsic.js';
import { validateTxStatic } from '../../../dist/tx/validate.js';
import { forkId } from '../../../dist/forks.js';
import { hexToBytes, bytesToHex } from '../../../dist/bytes.js';

const ROOT = new URL('../../../ethereum-tests/TransactionTests/', import.meta.url).pathname;

// Cases that cannot pass for a principled reason: "file/test" → reason. Printed, never skipped silently.
const SKIP = {};

function jsonFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
    });
}

/** Runs the whole pipeline; returns {sender, hash, intrinsicGas} or throws with the reason. */
function process(bytes, fork) {
  const tx = decodeTx(bytes);
  const err = validateTxStatic(tx, fork);
  if (err) throw new Error(err);
  const sender = recoverSender(tx, fork);
  assert.equal(bytesToHex(encodeTx(tx)), bytesToHex(bytes), 're-encoding differs from the input');
  return { sender: bytesToHex(sender), hash: bytesToHex(txHash(tx)), intrinsicGas: intrinsicGas(tx, fork) };
}

describe('TransactionTests', function () {
  const files = jsonFiles(ROOT);
  const stats = { cases: 0, passed: 0, skipped: 0 };
  it('finds the fixtures', () => assert.ok(files.length > 100, `only ${files.length} files under ${ROOT}`));

  for (const file of files) {
    const rel = relative(ROOT, file).replace(/\.json$/, '');
    const tests = JSON.parse(readFileSync(file, 'utf8'));
    for (const [name, t] of Object.entries(tests)) {
      const id = `${rel}/${name}`;
      it(id, function () {
        const forks = Object.entries(t.result);
        if (SKIP[id]) {
          stats.skipped += forks.length;
          console.log(`      SKIPPED ${id}: ${SKIP[id]}`);
          this.skip();
        }
        const bytes = hexToBytes(t.txbytes);
        const failures = [];
        for (const [forkName, expected] of forks) {
          stats.cases++;
          let got;
          let error;
          try {
            got = process(bytes, forkId(forkName));
          } catch (e) {
            error = e;
          }
          if (expected.exception) {
            if (!error) failures.push(`${forkName}: expected ${expected.exception}, but the transaction was accepted`);
            else stats.passed++;
          } else if (error) {
            failures.push(`${forkName}: expected valid, got error: ${error.message}`);
          } else {
            const want = { sender: `0x${expected.sender.replace(/^0x/, '')}`, hash: expected.hash, intrinsicGas: BigInt(expected.intrinsicGas) };
            try {
              assert.deepEqual(got, want);
              stats.passed++;
            } catch {
              failures.push(`${forkName}: got ${JSON.stringify(got, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}, want ${JSON.stringify(want, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`);
            }
          }
        }
        assert.equal(failures.length, 0, failures.join('\n'));
      });
    }
  }

  after(() => {
    console.log(`      TransactionTests: ${stats.passed}/${stats.cases} (test, fork) cases passed; ${stats.skipped} skipped`);
  });
});

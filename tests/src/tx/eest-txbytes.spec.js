// Cross-check of tx decoding, sender recovery and static validation against the signed transactions
// (`post[fork][i].txbytes`) of the execution-spec-tests state fixtures, which cover types 3/4 and Prague/Osaka rules
// that ethereum-tests/TransactionTests (Frontier..Cancun) lacks. The `static/` re-fills are left out (size).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTx, encodeTx } from '../../../dist/tx/decode.js';
import { authorityOf, recoverSender } from '../../../dist/tx/signer.js';
import { validateTxStatic } from '../../../dist/tx/validate.js';
import { forkId } from '../../../dist/forks.js';
import { hexToBytes, bytesToHex } from '../../../dist/bytes.js';

const ROOT = new URL('../../../ethereum-tests/EEST/state_tests/', import.meta.url).pathname;

/** Exceptions decidable from the transaction and fork alone: the pipeline must reject these. */
const STATIC = new Set([
  'GAS_LIMIT_EXCEEDS_MAXIMUM', 'INITCODE_SIZE_EXCEEDED', 'INTRINSIC_GAS_BELOW_FLOOR_GAS_COST', 'INTRINSIC_GAS_TOO_LOW',
  'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS', 'TYPE_1_TX_PRE_FORK', 'TYPE_2_TX_PRE_FORK', 'TYPE_3_TX_PRE_FORK',
  'TYPE_4_TX_PRE_FORK', 'TYPE_3_TX_BLOB_COUNT_EXCEEDED', 'TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH', 'TYPE_3_TX_ZERO_BLOBS',
  'TYPE_4_EMPTY_AUTHORIZATION_LIST', 'TYPE_4_TX_CONTRACT_CREATION',
  // The block's blob gas allowance: static here, since a state test's block holds only this transaction.
  'TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED',
]);
// Anything else (INSUFFICIENT_ACCOUNT_FUNDS, SENDER_NOT_EOA, INSUFFICIENT_MAX_FEE_PER_(BLOB_)GAS) depends on state
// or the block's fees: for those only decoding and the sender are checked.

/** Tests whose authorizations carry deliberately invalid signatures (authorityOf must return null for those). */
const INVALID_AUTH_TESTS = /test_valid_tx_invalid_auth_signature|test_signature_s_out_of_range/;

function jsonFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
    });
}

describe('EEST state-test transactions (txbytes)', function () {
  const recovered = new Map();
  if (!existsSync(ROOT)) {
    it(`skipped: ${ROOT} not present`, () => console.log(`      skipped: no fixtures at ${ROOT}`));
    return;
  }
  const folders = readdirSync(ROOT).filter((d) => d !== 'static' && statSync(join(ROOT, d)).isDirectory());
  for (const folder of folders) {
    it(folder, () => {
      const stats = { entries: 0, valid: 0, staticInvalid: 0, stateInvalid: 0, auths: 0, invalidAuths: 0 };
      const failures = [];
      for (const file of jsonFiles(join(ROOT, folder))) {
        for (const [name, t] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
          for (const [forkName, posts] of Object.entries(t.post)) {
            const fork = forkId(forkName);
            for (const [i, p] of posts.entries()) {
              stats.entries++;
              const where = `${name} ${forkName}[${i}]`;
              const exceptions = (p.expectException ?? '').split('|').filter(Boolean).map((e) => e.replace('TransactionException.', ''));
              const isStatic = exceptions.some((e) => STATIC.has(e));
              const bytes = hexToBytes(p.txbytes);
              let tx;
              let error = null;
              try {
                tx = decodeTx(bytes);
                error = validateTxStatic(tx, fork);
              } catch (e) {
                error = e.message;
              }
              if (isStatic) {
                stats.staticInvalid++;
                if (error === null) failures.push(`${where}: expected ${p.expectException}, but it passed static validation`);
                continue;
              }
              if (error !== null) {
                failures.push(`${where}: ${exceptions.length ? `expected only ${p.expectException}` : 'valid tx'} rejected: ${error}`);
                continue;
              }
              exceptions.length ? stats.stateInvalid++ : stats.valid++;
              try {
                assert.equal(bytesToHex(encodeTx(tx)), p.txbytes, 're-encoding differs');
                // Recovery is the slow part and its fork-dependent checks (EIP-2, EIP-155) are uniform over these
                // forks, so each distinct signed transaction (and its authorizations) is recovered once.
                const firstSeen = !recovered.has(p.txbytes);
                if (firstSeen) recovered.set(p.txbytes, bytesToHex(recoverSender(tx, fork)));
                assert.equal(recovered.get(p.txbytes), t.transaction.sender);
                if (!firstSeen) continue;
                // EIP-7702: each authorization's authority must be the fixture's signer; null (invalid signature)
                // is accepted only in the tests built around invalid authorization signatures.
                for (const [j, auth] of (tx.authorizationList ?? []).entries()) {
                  const authority = authorityOf(auth);
                  if (authority === null) {
                    assert.match(name, INVALID_AUTH_TESTS, `authorization ${j}: authorityOf returned null`);
                    stats.invalidAuths++;
                  } else {
                    assert.equal(bytesToHex(authority), t.transaction.authorizationList[j].signer, `authorization ${j} authority`);
                    stats.auths++;
                  }
                }
              } catch (e) {
                failures.push(`${where}: ${e.message}`);
              }
            }
          }
        }
      }
      console.log(`      ${folder}: ${stats.entries} entries: ${stats.valid} valid, ${stats.staticInvalid} statically invalid, ${stats.stateInvalid} invalid only by state (decode + sender checked); authorities ${stats.auths} recovered, ${stats.invalidAuths} invalid; ${failures.length} failures`);
      assert.equal(failures.length, 0, failures.slice(0, 20).join('\n'));
    });
  }
});

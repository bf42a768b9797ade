// System calls of the block API: EIP-4788 beacon roots and EIP-2935 history storage before the
// transactions, EIP-7002 / EIP-7251 request contracts after them (Prague+), with the EIPs' bytecode.
import assert from 'node:assert/strict';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { bytesToHex, hexToBytes } from '../../../dist/bytes.js';
import { Fork } from '../../../dist/forks.js';
import { MemoryState, slotKey } from '../../../dist/state/memory-state.js';
import { TxOverlay } from '../../../dist/state/overlay.js';
import { executeBlock } from '../../../dist/block/execute.js';
import { blockContext } from '../../../dist/block/execute.js';
import { headerChecks } from '../../../dist/cli/block.js';
import {
  SYSTEM_ADDRESS, BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS, WITHDRAWAL_REQUEST_ADDRESS, CONSOLIDATION_REQUEST_ADDRESS,
  SYSTEM_CALL_GAS, hasCode, systemCall,
} from '../../../dist/block/system.js';

// EIP-4788 runtime code (ring buffer of 8191 = 0x1fff entries)
const BEACON_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500';
// EIP-2935 runtime code (HISTORY_SERVE_WINDOW 8191)
const HISTORY_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500';
// stand-ins for the request contracts: return 32 bytes of 0xaa / return nothing / revert
const RETURN_AA = '0x7f' + 'aa'.repeat(32) + '5f5260205ff3';
const RETURN_EMPTY = '0x5f5ff3';
const REVERT = '0x5f5ffd';

const ROOT = hexToBytes('0x' + 'be'.repeat(31) + '01');
const PARENT_HASH = hexToBytes('0x' + 'ab'.repeat(31) + '02');
const CANCUN_TS = 1_710_338_135n; // % 8191 = 8189
const PRAGUE_NUMBER = 22_431_084n; // (n - 1) % 8191 = 4125
const USER = '00000000000000000000000000000000000c0ffe';

const word = (n) => '0x' + BigInt(n).toString(16).padStart(64, '0');
const header = (over = {}) => ({
  number: PRAGUE_NUMBER, timestamp: CANCUN_TS, coinbase: 'c0'.repeat(20), gasLimit: 30_000_000n, gasUsed: 0n, difficulty: 0n,
  mixHash: new Uint8Array(32), baseFeePerGas: 7n, blobGasUsed: 0n, excessBlobGas: 0n,
  parentBeaconBlockRoot: ROOT, parentHash: PARENT_HASH,
  stateRoot: new Uint8Array(32), receiptsRoot: new Uint8Array(32), logsBloom: new Uint8Array(256), uncles: [], ...over,
});
const stateWith = (codes) => MemoryState.fromJson(Object.fromEntries(Object.entries(codes).map(([a, code]) => ['0x' + a, { nonce: 1, balance: 0, code }])));
const storageOf = (state, a) => Object.fromEntries([...(state.accounts.get(a)?.storage ?? new Map())].map(([k, v]) => [BigInt('0x' + k).toString(), '0x' + v.toString(16)]));

describe('block/system: system calls', function () {
  let core;
  before(async () => { core = new Core(await loadModule()); });

  /** Calls `address` as an ordinary account (not the system address) and returns status and output. */
  function userCall(state, fork, h, address, input) {
    const ctx = blockContext(h, fork);
    core.setEnv(fork, ctx.env, { origin: USER, gasPrice: 7n, blobHashes: [] });
    return core.run(new TxOverlay(state, fork), { kind: 'call', caller: USER, address, value: 0n, gas: 1_000_000n, input });
  }

  it('constants', () => {
    assert.equal(SYSTEM_ADDRESS, 'fffffffffffffffffffffffffffffffffffffffe');
    assert.equal(SYSTEM_CALL_GAS, 30_000_000n);
    assert.equal(CANCUN_TS % 8191n, 8189n);
    assert.equal((PRAGUE_NUMBER - 1n) % 8191n, 4125n);
  });

  it('EIP-4788 (Cancun): writes timestamp at timestamp % 8191 and the root at that + 8191', async () => {
    const state = stateWith({ [BEACON_ROOTS_ADDRESS]: BEACON_CODE });
    const r = await executeBlock({ header: header({ number: 19_426_587n }), transactions: [], state, core, fork: Fork.Cancun });
    assert.deepEqual(storageOf(state, BEACON_ROOTS_ADDRESS), {
      8189: '0x' + CANCUN_TS.toString(16),
      16380: bytesToHex(ROOT),
    });
    assert.deepEqual(r.systemCalls, [{ address: BEACON_ROOTS_ADDRESS, status: 'success' }]);
    // not a transaction: no gas, no receipt, no nonce change, the system address untouched
    assert.equal(r.gasUsed, 0n);
    assert.equal(r.receipts.length, 0);
    assert.equal(state.accounts.get(BEACON_ROOTS_ADDRESS).nonce, 1n);
    assert.equal(state.accounts.has(SYSTEM_ADDRESS), false);
    assert.deepEqual([...r.postState.keys()], [BEACON_ROOTS_ADDRESS]);
    assert.equal(r.requestsHash, undefined);
    // the contract answers the stored root for that timestamp, and reverts for another
    const h = header({ number: 19_426_588n, timestamp: CANCUN_TS + 12n });
    const got = userCall(state, Fork.Cancun, h, BEACON_ROOTS_ADDRESS, hexToBytes(word(CANCUN_TS)));
    assert.equal(got.status, 'success');
    assert.equal(bytesToHex(got.output), bytesToHex(ROOT));
    assert.equal(userCall(state, Fork.Cancun, h, BEACON_ROOTS_ADDRESS, hexToBytes(word(CANCUN_TS + 1n))).status, 'revert');
  });

  it('EIP-4788: a later timestamp with the same index overwrites the ring buffer entry', async () => {
    const state = stateWith({ [BEACON_ROOTS_ADDRESS]: BEACON_CODE });
    await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Cancun });
    const later = CANCUN_TS + 8191n, root2 = hexToBytes('0x' + '77'.repeat(32));
    await executeBlock({ header: header({ timestamp: later, parentBeaconBlockRoot: root2 }), transactions: [], state, core, fork: Fork.Cancun });
    assert.deepEqual(storageOf(state, BEACON_ROOTS_ADDRESS), { 8189: '0x' + later.toString(16), 16380: bytesToHex(root2) });
  });

  it('EIP-2935 (Prague): writes the parent hash at (number - 1) % 8191, after EIP-4788', async () => {
    const state = stateWith({ [BEACON_ROOTS_ADDRESS]: BEACON_CODE, [HISTORY_STORAGE_ADDRESS]: HISTORY_CODE });
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Prague });
    assert.deepEqual(storageOf(state, HISTORY_STORAGE_ADDRESS), { 4125: bytesToHex(PARENT_HASH) });
    assert.deepEqual(r.systemCalls.map((c) => c.address), [BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS]);
    assert.equal(state.accounts.has(SYSTEM_ADDRESS), false);
    assert.equal(state.accounts.get(HISTORY_STORAGE_ADDRESS).nonce, 1n);
    // the contract serves block number - 1 to a later block; the current block's number is out of range
    const h = header({ number: PRAGUE_NUMBER + 1n, timestamp: CANCUN_TS + 12n });
    const got = userCall(state, Fork.Prague, h, HISTORY_STORAGE_ADDRESS, hexToBytes(word(PRAGUE_NUMBER - 1n)));
    assert.equal(got.status, 'success');
    assert.equal(bytesToHex(got.output), bytesToHex(PARENT_HASH));
    assert.equal(userCall(state, Fork.Prague, h, HISTORY_STORAGE_ADDRESS, hexToBytes(word(PRAGUE_NUMBER + 1n))).status, 'revert');
  });

  it('EIP-2935: without a parentHash field the BLOCKHASH table gives the parent hash', async () => {
    const state = stateWith({ [HISTORY_STORAGE_ADDRESS]: HISTORY_CODE });
    state.blockHashes.set(PRAGUE_NUMBER - 1n, PARENT_HASH);
    await executeBlock({ header: header({ parentHash: undefined }), transactions: [], state, core, fork: Fork.Prague });
    assert.deepEqual(storageOf(state, HISTORY_STORAGE_ADDRESS), { 4125: bytesToHex(PARENT_HASH) });
  });

  it('EIP-2935 is not called before Prague', async () => {
    const state = stateWith({ [HISTORY_STORAGE_ADDRESS]: HISTORY_CODE });
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Cancun });
    assert.deepEqual(storageOf(state, HISTORY_STORAGE_ADDRESS), {});
    assert.deepEqual(r.systemCalls, []);
  });

  it('a missing contract is skipped (partial pre-states): nothing runs, nothing changes', async () => {
    const state = new MemoryState();
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Prague });
    assert.deepEqual(r.systemCalls, []);
    assert.equal(state.accounts.size, 0);
    assert.equal(r.postState.size, 0);
    assert.equal(r.requests, undefined);
    assert.equal(r.requestsHash, undefined);
    assert.equal(hasCode(state, BEACON_ROOTS_ADDRESS), false);
  });

  it('systemCalls: false runs none even with the contracts present', async () => {
    const state = stateWith({ [BEACON_ROOTS_ADDRESS]: BEACON_CODE, [HISTORY_STORAGE_ADDRESS]: HISTORY_CODE });
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Prague, systemCalls: false });
    assert.deepEqual(r.systemCalls, []);
    assert.deepEqual(storageOf(state, BEACON_ROOTS_ADDRESS), {});
    assert.deepEqual(storageOf(state, HISTORY_STORAGE_ADDRESS), {});
  });

  it('a failing pre-block call is unchecked: no error, nothing committed', async () => {
    const state = stateWith({ [BEACON_ROOTS_ADDRESS]: REVERT });
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Cancun });
    assert.deepEqual(r.systemCalls, [{ address: BEACON_ROOTS_ADDRESS, status: 'revert' }]);
    assert.deepEqual(storageOf(state, BEACON_ROOTS_ADDRESS), {});
    assert.equal(state.accounts.has(SYSTEM_ADDRESS), false);
  });

  it('systemCall: the EIP-4788 contract takes any input from SYSTEM_ADDRESS (empty input stores root 0)', () => {
    const state = stateWith({ [BEACON_ROOTS_ADDRESS]: BEACON_CODE });
    const ctx = blockContext(header(), Fork.Cancun);
    const r = systemCall(core, state, Fork.Cancun, ctx.env, BEACON_ROOTS_ADDRESS, new Uint8Array(0));
    assert.equal(r.success, true); // the contract accepts any input from the system address (stores calldataload(0) = 0)
    assert.deepEqual(storageOf(state, BEACON_ROOTS_ADDRESS), { 8189: '0x' + CANCUN_TS.toString(16) });
  });
});

describe('block/system: EIP-7002 / EIP-7251 post-block calls and EIP-7685 requests', function () {
  let core;
  before(async () => { core = new Core(await loadModule()); });

  it('the outputs become requests 0x01 / 0x02 (empty ones left out) and the requests hash', async () => {
    const state = stateWith({ [WITHDRAWAL_REQUEST_ADDRESS]: RETURN_AA, [CONSOLIDATION_REQUEST_ADDRESS]: RETURN_EMPTY });
    const h = header({ requestsHash: hexToBytes('0x94e1d39a754fb3de5d763aa17efa432808892ab3ee118782b0ce5f09cde31218') });
    const r = await executeBlock({ header: h, transactions: [], state, core, fork: Fork.Prague });
    assert.deepEqual(r.systemCalls.map((c) => c.address), [WITHDRAWAL_REQUEST_ADDRESS, CONSOLIDATION_REQUEST_ADDRESS]);
    assert.deepEqual(r.requests.map(bytesToHex), ['0x01' + 'aa'.repeat(32)]);
    assert.equal(bytesToHex(r.requestsHash), '0x94e1d39a754fb3de5d763aa17efa432808892ab3ee118782b0ce5f09cde31218');
    assert.equal(state.accounts.has(SYSTEM_ADDRESS), false);
    const check = headerChecks(h, r).find((c) => c.name === 'requestsHash');
    assert.equal(check.match, true);
    const bad = headerChecks({ ...h, requestsHash: new Uint8Array(32) }, r).find((c) => c.name === 'requestsHash');
    assert.equal(bad.match, false);
  });

  it('no requests at all: the hash is sha256("") = e3b0c442...', async () => {
    const state = stateWith({ [WITHDRAWAL_REQUEST_ADDRESS]: RETURN_EMPTY, [CONSOLIDATION_REQUEST_ADDRESS]: RETURN_EMPTY });
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Osaka });
    assert.deepEqual(r.requests, []);
    assert.equal(bytesToHex(r.requestsHash), '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('only one request contract present: no requests hash (incomplete), no requestsHash check', async () => {
    const state = stateWith({ [WITHDRAWAL_REQUEST_ADDRESS]: RETURN_AA });
    const h = header({ requestsHash: new Uint8Array(32) });
    const r = await executeBlock({ header: h, transactions: [], state, core, fork: Fork.Prague });
    assert.equal(r.requestsHash, undefined);
    assert.equal(headerChecks(h, r).some((c) => c.name === 'requestsHash'), false);
  });

  it('a failing request contract makes the block invalid', async () => {
    const state = stateWith({ [WITHDRAWAL_REQUEST_ADDRESS]: RETURN_EMPTY, [CONSOLIDATION_REQUEST_ADDRESS]: REVERT });
    await assert.rejects(executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Prague }), /EIP-7251 system call .* failed \(revert\)/);
  });

  it('not called before Prague', async () => {
    const state = stateWith({ [WITHDRAWAL_REQUEST_ADDRESS]: REVERT, [CONSOLIDATION_REQUEST_ADDRESS]: REVERT });
    const r = await executeBlock({ header: header(), transactions: [], state, core, fork: Fork.Cancun });
    assert.deepEqual(r.systemCalls, []);
    assert.equal(r.requestsHash, undefined);
  });
});

describe('block/system: the parent option checks excessBlobGas', function () {
  let core;
  before(async () => { core = new Core(await loadModule()); });
  it('Cancun parent with 6 blobs: 393216 expected', async () => {
    const parent = { excessBlobGas: 0n, blobGasUsed: 786432n, baseFeePerGas: 7n };
    await assert.rejects(executeBlock({ header: header(), transactions: [], state: new MemoryState(), core, fork: Fork.Cancun, parent }), /excessBlobGas 0 differs from 393216/);
    await executeBlock({ header: header({ excessBlobGas: 393216n }), transactions: [], state: new MemoryState(), core, fork: Fork.Cancun, parent });
  });
});

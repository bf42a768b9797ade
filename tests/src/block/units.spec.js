// Unit tests of the block modules: logs bloom, receipts, fork selection, JSON parsing, block rules, CLI.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes, equalBytes, keccak256 } from '../../../dist/bytes.js';
import { Fork } from '../../../dist/forks.js';
import { bloomAdd, logsBloom, encodeReceipt, receiptsRoot } from '../../../dist/block/receipts.js';
import { forkAt, withOverrides } from '../../../dist/block/forks.js';
import { parseBlock, parsePreState, parseTransaction } from '../../../dist/block/json.js';
import { executeBlock } from '../../../dist/block/execute.js';
import { EMPTY_TRIE_ROOT } from '../../../dist/trie.js';
import { main } from '../../../dist/cli/block.js';

const DATA = fileURLToPath(new URL('../../../../shared/mainnet-blocks/', import.meta.url));
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));

describe('block/receipts: logs bloom', () => {
  it('sets the three 11-bit positions of keccak(value)', () => {
    // keccak256("") = c5d2 4601 86f7 ...: bits 0x5d2 = 1490, 0x601 = 1537, 0x6f7 = 1783
    const bloom = new Uint8Array(256);
    bloomAdd(bloom, new Uint8Array(0));
    const expected = new Uint8Array(256);
    for (const bit of [1490, 1537, 1783]) expected[255 - (bit >> 3)] |= 1 << (bit & 7);
    assert.equal(bytesToHex(bloom), bytesToHex(expected));
  });
  it('covers the address and every topic of every log', () => {
    const log = { address: hexToBytes('0x' + '11'.repeat(20)), topics: [hexToBytes('0x' + '22'.repeat(32))], data: new Uint8Array(0) };
    const bloom = new Uint8Array(256);
    bloomAdd(bloom, log.address);
    bloomAdd(bloom, log.topics[0]);
    assert.deepEqual(logsBloom([log]), bloom);
    assert.deepEqual(logsBloom([]), new Uint8Array(256));
  });
  it('each value\'s bits are those of its own hash, through the memo of values seen (repeats, near-equal values, small numbers, every length to 33, past the memo\'s room)', () => {
    // one value's bloom computed by hand from keccak256, as the Yellow Paper says
    const direct = (value) => {
      const h = keccak256(value);
      const b = new Uint8Array(256);
      for (let i = 0; i < 6; i += 2) { const bit = ((h[i] << 8) | h[i + 1]) & 2047; b[255 - (bit >> 3)] |= 1 << (bit & 7); }
      return bytesToHex(b);
    };
    let seed = 5;
    const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 24; };
    const values = [];
    for (let len = 0; len <= 33; len++) values.push(Uint8Array.from({ length: len }, next));
    for (let k = 0; k < 300; k++) { const t = new Uint8Array(32); t[31] = k & 255; t[30] = k >> 8; values.push(t); } // small numbers
    const base = Uint8Array.from({ length: 32 }, next);
    for (let i = 0; i < 32; i++) { const v = base.slice(); v[i] ^= 1; values.push(v, v.slice(0, 20)); } // one bit apart, and a prefix
    for (let k = 0; k < 9000; k++) values.push(Uint8Array.from({ length: k % 3 ? 32 : 20 }, next)); // more than the memo holds
    for (let round = 0; round < 2; round++) {
      for (const v of values) {
        const bloom = new Uint8Array(256);
        bloomAdd(bloom, v);
        assert.equal(bytesToHex(bloom), direct(v), `${bytesToHex(v)}, round ${round}`);
      }
    }
  });
  it('reproduces a real header bloom from reference receipts (block 4370000)', function () {
    const dir = `${DATA}blocks/4370000/`;
    if (!existsSync(dir)) this.skip();
    const logs = readJson(`${dir}receipts.json`).receipts.flatMap((r) => r.logs)
      .map((l) => ({ address: hexToBytes(l.address), topics: l.topics.map(hexToBytes), data: hexToBytes(l.data) }));
    assert.ok(logs.length > 0);
    assert.equal(bytesToHex(logsBloom(logs)), readJson(`${dir}block.json`).logsBloom);
  });
});

describe('block/receipts: encoding', () => {
  const r = { type: 2, status: 1, cumulativeGasUsed: 21000n, gasUsed: 21000n, logs: [], logsBloom: new Uint8Array(256) };
  it('typed receipts are type || rlp([status, cumulativeGas, bloom, logs])', () => {
    const enc = encodeReceipt(r, Fork.London);
    assert.equal(enc[0], 2);
    assert.equal(bytesToHex(enc.subarray(1, 4)), '0xf90108'); // list of 264 bytes: 1 + 3 + 259 + 1
    assert.equal(bytesToHex(enc.subarray(4, 8)), '0x01825208');
    assert.equal(encodeReceipt({ ...r, type: 0 }, Fork.London)[0], 0xf9);
  });
  it('pre-Byzantium receipts start with a 32-byte state root', () => {
    const enc = encodeReceipt({ ...r, type: 0 }, Fork.Homestead);
    assert.equal(bytesToHex(enc.subarray(3, 4)), '0xa0');
  });
  it('the root of no receipts is the empty trie', () => {
    assert.ok(equalBytes(receiptsRoot([], Fork.Cancun), EMPTY_TRIE_ROOT));
  });
});

describe('block/forks', () => {
  const at = (n, t = 0n) => forkAt(BigInt(n), BigInt(t));
  it('selects mainnet forks by block number', () => {
    assert.equal(at(0), Fork.Frontier);
    assert.equal(at(1_149_999), Fork.Frontier);
    assert.equal(at(1_150_000), Fork.Homestead);
    assert.equal(at(2_463_000), Fork.TangerineWhistle);
    assert.equal(at(2_675_000), Fork.SpuriousDragon);
    assert.equal(at(4_370_000), Fork.Byzantium);
    assert.equal(at(7_279_999), Fork.Byzantium);
    assert.equal(at(7_280_000), Fork.Petersburg);
    assert.equal(at(9_069_000), Fork.Istanbul);
    assert.equal(at(12_244_000), Fork.Berlin);
    assert.equal(at(12_965_000), Fork.London);
    assert.equal(at(15_537_393), Fork.London);
    assert.equal(at(15_537_394), Fork.Paris);
  });
  it('selects post-Merge forks by timestamp', () => {
    assert.equal(at(17_034_869, 1_681_338_454), Fork.Paris);
    assert.equal(at(17_034_870, 1_681_338_455), Fork.Shanghai);
    assert.equal(at(19_426_587, 1_710_338_135), Fork.Cancun);
    assert.equal(at(22_431_084, 1_746_612_311), Fork.Prague);
    assert.equal(at(23_935_694, 1_764_798_551), Fork.Osaka);
  });
  it('can be overridden', () => {
    const s = withOverrides({ Shanghai: { timestamp: 0n }, Cancun: {} });
    assert.equal(forkAt(0n, 0n, s), Fork.Shanghai);
    assert.equal(forkAt(20_000_000n, 1_720_000_000n, s), Fork.Shanghai);
    assert.throws(() => withOverrides({ Atlantis: { block: 1n } }), /unknown fork "Atlantis"/);
  });
  it('agrees with the spec of every mainnet-blocks block', function () {
    if (!existsSync(`${DATA}index.json`)) this.skip();
    const names = { FRONTIER: 'Frontier', HOMESTEAD: 'Homestead', TANGERINE: 'TangerineWhistle', SPURIOUS_DRAGON: 'SpuriousDragon',
      BYZANTIUM: 'Byzantium', PETERSBURG: 'Petersburg', ISTANBUL: 'Istanbul', BERLIN: 'Berlin', LONDON: 'London', MERGE: 'Paris',
      SHANGHAI: 'Shanghai', CANCUN: 'Cancun' };
    for (const b of readJson(`${DATA}index.json`).included) {
      const { timestamp } = readJson(`${DATA}blocks/${b.number}/block.json`);
      assert.equal(forkAt(BigInt(b.number), BigInt(timestamp)), Fork[names[b.spec]], `block ${b.number}`);
    }
  });
});

const SENDER = '0x' + 'aa'.repeat(20);
const legacyTx = (nonce, extra = {}) => ({
  type: '0x0', from: SENDER, to: '0x' + 'bb'.repeat(20), nonce: `0x${nonce.toString(16)}`, gas: '0x5208', gasPrice: '0x1',
  value: '0x1', input: '0x', v: '0x1b', r: '0x1', s: '0x1', ...extra,
});
const blockJson = (txs, extra = {}) => ({
  number: '0x1', timestamp: '0x1', miner: '0x' + 'cc'.repeat(20), gasLimit: '0xa410', gasUsed: '0x0', difficulty: '0x1',
  mixHash: '0x' + '00'.repeat(32), stateRoot: '0x' + '00'.repeat(32), receiptsRoot: '0x' + '00'.repeat(32),
  logsBloom: '0x' + '00'.repeat(256), transactions: txs, ...extra,
});

describe('block/json', () => {
  it('derives the chain id of legacy transactions from v (EIP-155)', () => {
    assert.equal(parseTransaction(legacyTx(0)).chainId, null);
    assert.equal(parseTransaction(legacyTx(0, { v: '0x25' })).chainId, 1n);
    assert.throws(() => parseTransaction(legacyTx(0, { v: '0x1d' })), /legacy v 29/);
  });
  it('parses typed fields', () => {
    const tx = parseTransaction({ ...legacyTx(0), type: '0x2', chainId: '0x1', maxFeePerGas: '0x10', maxPriorityFeePerGas: '0x2', yParity: '0x1',
      accessList: [{ address: '0x' + '01'.repeat(20), storageKeys: ['0x' + '00'.repeat(32)] }] });
    assert.equal(tx.type, 2);
    assert.equal(tx.maxFeePerGas, 16n);
    assert.equal(tx.v, 1n);
    assert.equal(tx.accessList[0].storageKeys.length, 1);
    assert.equal(tx.from, 'aa'.repeat(20));
  });
  it('parses EIP-7702 authorization lists', () => {
    const auth = { chainId: '0x1', address: '0x' + '01'.repeat(20), nonce: '0x2', yParity: '0x1', r: '0x3', s: '0x4' };
    const tx = parseTransaction({ ...legacyTx(0), type: '0x4', chainId: '0x1', maxFeePerGas: '0x10', maxPriorityFeePerGas: '0x2',
      yParity: '0x0', accessList: [], authorizationList: [auth] });
    assert.equal(tx.type, 4);
    assert.equal(tx.authorizationList[0].nonce, 2n);
  });
  it('names what is wrong', () => {
    assert.throws(() => parseTransaction({ ...legacyTx(0), gas: undefined }, 'transaction 3'), /transaction 3: missing field "gas"/);
    assert.throws(() => parseTransaction({ ...legacyTx(0), type: '0x7f' }), /unsupported transaction type 0x7f/);
    assert.throws(() => parseBlock(blockJson(['0x' + '00'.repeat(32)])), /transaction 0 is only a hash/);
    assert.throws(() => parseBlock({ ...blockJson([]), miner: '0x12' }), /field "miner"/);
    assert.throws(() => parsePreState({ [SENDER]: { balance: '0x1', nonce: 0, code_hash: '0x' + '12'.repeat(32), storage: {} } }),
      /code_hash 0x1212.* is not in the code table/);
    assert.throws(() => parsePreState({ [SENDER]: { balance: '0x1', nonce: 0, storage: { '0x1': '0x1' + '0'.repeat(64) } } }),
      /storage slot 0x1 has a value past 2\^256 - 1/);
  });
  it('builds a state with code by hash and block hashes', () => {
    const code = '0x6000';
    const hash = bytesToHex(keccak256(hexToBytes(code)));
    const s = parsePreState({ [SENDER]: { balance: '0x10', nonce: 3, code_hash: hash, storage: { '0x1': '0x5', '0x2': '0x0' } } },
      { [hash]: code }, { 7: '0x' + '77'.repeat(32) });
    const a = s.accounts.get('aa'.repeat(20));
    assert.equal(a.nonce, 3n);
    assert.equal(a.balance, 16n);
    assert.equal(bytesToHex(a.code), code);
    assert.equal(a.storage.size, 1);
    assert.equal(bytesToHex(s.getBlockHash(7n)), '0x' + '77'.repeat(32));
  });
});

describe('block/execute: block rules', () => {
  const pre = () => parsePreState({ [SENDER]: { balance: '0xffffffffff', nonce: 0, storage: {} } });
  it('executes transfers and reports receipts, post-state and access sets', async () => {
    const { header, transactions } = parseBlock(blockJson([legacyTx(0)]));
    const r = await executeBlock({ header, transactions, state: pre() });
    assert.equal(r.gasUsed, 21000n);
    assert.equal(r.receipts[0].status, 1);
    assert.equal(r.postState.get('bb'.repeat(20)).balance, 1n);
    assert.equal(r.accessSets.length, 1);
    assert.equal(r.stats.txCount, 1);
  });
  it('computes the DAG, the access sets\' keys and the block access list when first read, then keeps them', async () => {
    const { header, transactions } = parseBlock(blockJson([legacyTx(0), legacyTx(1)], { gasLimit: '0x100000' }));
    const r = await executeBlock({ header, transactions, state: pre() });
    assert.ok(Object.keys(r).includes('blockAccessList') && Object.keys(r.stats).includes('dag'), 'enumerable like any field');
    const bal = r.blockAccessList, dag = r.stats.dag;
    assert.equal(r.blockAccessList, bal, 'kept after the first read');
    assert.equal(r.stats.dag, dag);
    assert.deepEqual(dag.transactions, 2);
    assert.equal(dag.edges, 1, 'one sender: the second transaction reads the nonce the first wrote');
    assert.ok(r.accessSets[1].reads.has('n:' + SENDER.slice(2)), 'the second read the sender\'s nonce');
    assert.equal(r.accessSets[0].reads, r.accessSets[0].reads, 'spelled once');
    assert.ok(bal.some((a) => a.address === '0x' + SENDER.slice(2)), 'the sender is in the block access list');
  });
  it('reports in the post-state the slots the block wrote, not the whole storage', async () => {
    const contract = '0x' + 'bb'.repeat(20);
    const state = parsePreState({
      [SENDER]: { balance: '0xffffffffff', nonce: 0, storage: {} },
      [contract]: { balance: '0x0', nonce: 1, code: '0x602a60015500', storage: { '0x2': '0x5', '0x3': '0x6' } }, // SSTORE(1, 42)
    });
    const { header, transactions } = parseBlock(blockJson([legacyTx(0, { gas: '0x10000' })], { gasLimit: '0x100000' }));
    const r = await executeBlock({ header, transactions, state });
    const post = r.postState.get('bb'.repeat(20));
    assert.deepEqual([...post.storage.values()], [42n], 'slot 1 only: slots 2 and 3 were not written');
    assert.equal(post.storageCleared, false);
    assert.equal(state.accounts.get('bb'.repeat(20)).storage.size, 3, 'the state keeps them');
  });
  it('marks a post-state account whose storage a transaction cleared (SELFDESTRUCT, then a transfer recreates it)', async () => {
    const contract = '0x' + 'bb'.repeat(20);
    const state = parsePreState({
      [SENDER]: { balance: '0xffffffffff', nonce: 0, storage: {} },
      [contract]: { balance: '0x0', nonce: 1, code: '0x33ff', storage: { '0x1': '0x5' } }, // SELFDESTRUCT(CALLER)
    });
    const { header, transactions } = parseBlock(blockJson([legacyTx(0, { gas: '0x10000', value: '0x0' }), legacyTx(1)], { gasLimit: '0x100000' }));
    const r = await executeBlock({ header, transactions, state }); // (block 1: Frontier, SELFDESTRUCT deletes)
    const post = r.postState.get('bb'.repeat(20));
    assert.equal(post.balance, 1n, 'recreated by the second transaction');
    assert.equal(post.storageCleared, true);
    assert.equal(post.storage.size, 0);
    assert.equal(state.accounts.get('bb'.repeat(20)).storage.size, 0, 'slot 1 is gone');
  });
  it('rejects a transaction that does not fit in the remaining block gas, naming it', async () => {
    const { header, transactions } = parseBlock(blockJson([legacyTx(0), legacyTx(1)], { gasLimit: '0x7530' }));
    await assert.rejects(executeBlock({ header, transactions, state: pre() }), /tx 1: gas limit 21000 exceeds the block's remaining gas 9000/);
  });
  it('rejects an invalid transaction, naming it and the reason', async () => {
    const { header, transactions } = parseBlock(blockJson([legacyTx(5)], { gasLimit: '0x100000' }));
    await assert.rejects(executeBlock({ header, transactions, state: pre() }), /tx 0: invalid transaction: nonce mismatch/);
  });
  it('applies the block reward only when asked', async () => {
    const { header, transactions } = parseBlock(blockJson([legacyTx(0)]));
    const coinbase = 'cc'.repeat(20);
    const plain = await executeBlock({ header, transactions, state: pre() });
    assert.equal(plain.postState.get(coinbase).balance, 21000n);
    const rewarded = await executeBlock({ header, transactions, state: pre(), rewards: true });
    assert.equal(rewarded.postState.get(coinbase).balance, 21000n + 5n * 10n ** 18n);
  });
  it('reports each transaction\'s time, and weighs the DAG by the times given instead (one per transaction)', async () => {
    const { header, transactions } = parseBlock(blockJson([legacyTx(0), legacyTx(1)], { gasLimit: '0x100000' }));
    const r = await executeBlock({ header, transactions, state: pre() });
    assert.equal(r.stats.txTimesMs.length, 2);
    assert.ok(r.stats.txTimesMs.every((t) => t > 0));
    // one sender's nonces: a chain, so the critical path is both weights
    const weighed = await executeBlock({ header, transactions, state: pre(), dagTimesMs: [3, 4] });
    assert.equal(weighed.stats.dag.criticalPathMs, 7);
    const state = pre();
    await assert.rejects(executeBlock({ header, transactions, state, dagTimesMs: [3] }), /DAG weights: 1 times for 2 transactions/);
    await assert.rejects(executeBlock({ header, transactions, state, dagTimesMs: [3, NaN] }), /DAG weights: time 1 is NaN/);
    assert.equal(state.accounts.get(SENDER.slice(2)).nonce, 0n, 'refused before running');
  });
  it('requires the base fee from London on', async () => {
    const { header, transactions } = parseBlock(blockJson([]));
    await assert.rejects(executeBlock({ header, transactions, state: pre(), fork: Fork.London }), /baseFeePerGas is required/);
  });
});

describe('cli: parevm block', () => {
  async function run(argv) {
    const chunks = [];
    const write = process.stdout.write;
    process.stdout.write = (s) => { chunks.push(String(s)); return true; };
    try { return { code: await main(argv), out: chunks.join('') }; } finally { process.stdout.write = write; }
  }
  it('--json prints one object with the results and exits 0 on a match', async function () {
    const dir = `${DATA}blocks/4370000/`;
    if (!existsSync(dir)) this.skip();
    const { code, out } = await run(['--block', `${dir}block.json`, '--prestate', `${dir}pre_state.json`, '--json']);
    const o = JSON.parse(out);
    assert.equal(code, 0);
    assert.equal(o.gasUsed, BigInt(readJson(`${dir}block.json`).gasUsed).toString());
    assert.equal(o.receiptsRoot, readJson(`${dir}block.json`).receiptsRoot);
    assert.equal(o.receipts.length, 97);
    assert.ok(o.logsBloom && o.stats && o.match);
  });
  it('exits 1 on a mismatch and names the first diverging transaction', async function () {
    const dir = `${DATA}blocks/9069000/`;
    if (!existsSync(dir)) this.skip();
    const { code, out } = await run(['--block', `${dir}block.json`, '--prestate', `${dir}pre_state.json`, '--fork', 'Petersburg', '--json']);
    const o = JSON.parse(out);
    assert.equal(code, 1);
    assert.equal(o.match, false);
    assert.match(o.firstDiff, /^tx 0: gasUsed expected 37229 got /);
  });
  it('exits 2 on bad arguments', async () => {
    const err = process.stderr.write;
    process.stderr.write = () => true;
    try { assert.equal((await run(['--bogus'])).code, 2); } finally { process.stderr.write = err; }
  });
});

describe('cli: parevm blocks (the npm start demo)', function () {
  this.timeout(120_000);
  it('runs W2 and W4 sequentially, as the planner chooses and forced, and finds them identical', async () => {
    const { main: blocks } = await import('../../../dist/cli/blocks.js');
    const chunks = [];
    const write = process.stdout.write, err = process.stderr.write;
    process.stdout.write = (s) => { chunks.push(String(s)); return true; };
    process.stderr.write = () => true; // the progress bar
    let code;
    try { code = await blocks(['--size', '120', '--workers', '1']); } finally { process.stdout.write = write; process.stderr.write = err; }
    const out = chunks.join('');
    assert.equal(code, 0, out);
    assert.match(out, /1 worker \+ the planner's thread/);
    assert.match(out, /w2-erc20-10tokens/);
    assert.match(out, /w4-mix-hot0\.3/);
    assert.match(out, /parallel results are identical to sequential execution/);
  });
});

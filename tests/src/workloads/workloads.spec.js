// Seeded benchmark workloads (src/workloads): every block executes as intended on the sequential engine,
// and generation is deterministic per seed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createEvm } from '../../../dist/index.js';
import { keccak256, bytesToHex } from '../../../dist/bytes.js';
import {
  WORKLOADS, runSequential, mappingSlot, swapOutput, createAddress, create2Address, calldata, CONTRACTS,
  w1Transfers, w2Erc20OneToken, w2Erc20TenTokens, w3Swaps, w4Mix, w5Chain, w6NonceChains,
  w7aCoinbase, w7bSameSender, w7cCreate, w7dSelfdestructCancun, w7dSelfdestructShanghai,
  w7eBlockGasExceeded, w7eBlockGasFits, w7fFundedChain, w7gSstoreOriginal,
  workloadToJson, workloadFromJson, BASE_FEE, POOL_BALANCE0_SLOT, POOL_BALANCE1_SLOT, TOKEN_BALANCE_SLOT,
} from '../../../dist/workloads/index.js';

const SIZE = 100;
const TRANSFER_TOPIC = bytesToHex(keccak256(new TextEncoder().encode('Transfer(address,address,uint256)')));
const SWAP_TOPIC = bytesToHex(keccak256(new TextEncoder().encode('Swap(address,bool,uint256,uint256)')));
const key = (a) => a.slice(2);
const slot = (n) => n.toString(16).padStart(64, '0');
const word = (bytes, i) => BigInt(bytesToHex(bytes.subarray(32 * i, 32 * i + 32)));
const topicAddress = (t) => '0x' + bytesToHex(t).slice(26);
const toHexAddr = (b) => bytesToHex(b);

/** JSON with bigints and bytes, to compare whole workloads. */
const canonical = (w) => JSON.stringify(w, (_k, v) => typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? bytesToHex(v) : v);

const evms = {};
async function run(w) {
  evms[w.fork] ??= await createEvm({ fork: w.fork });
  const r = await runSequential(w, { evm: evms[w.fork] });
  return { ...r, state: r.evm.state };
}

function assertAllSuccess(w, r) {
  assert.equal(r.valid, true, `${w.name}: ${r.error}`);
  assert.equal(r.results.length, w.transactions.length);
  r.results.forEach((x, i) => assert.equal(x.status, 'success', `${w.name} tx ${i}: ${x.status}`));
}

describe('workloads', () => {
  describe('shape and determinism', () => {
    for (const [name, gen] of Object.entries(WORKLOADS)) {
      it(`${name}: well-formed, same seed same block, other seed other block`, () => {
        const a = gen({ seed: 7, size: 40 });
        assert.equal(a.name, name);
        assert.equal(canonical(a), canonical(gen({ seed: 7, size: 40 })));
        assert.notEqual(canonical(a), canonical(gen({ seed: 8, size: 40 })));
        const hexAddr = /^0x[0-9a-f]{40}$/;
        assert.match(a.header.coinbase, hexAddr);
        assert.equal(a.header.baseFee, 7n);
        for (const [addr, acc] of Object.entries(a.preState)) {
          assert.match(addr, hexAddr);
          assert.match(acc.balance, /^0x[0-9a-f]+$/);
          assert.match(acc.nonce, /^0x[0-9a-f]+$/);
          for (const [s, v] of Object.entries(acc.storage ?? {})) { assert.match(s, /^0x[0-9a-f]{64}$/); assert.match(v, /^0x[0-9a-f]+$/); }
        }
        for (const { tx, sender } of a.transactions) {
          assert.match(sender, hexAddr);
          assert.equal(tx.type, 2);
          assert.ok(tx.maxPriorityFeePerGas > 0n && tx.maxFeePerGas >= BASE_FEE + tx.maxPriorityFeePerGas);
          assert.deepEqual([tx.v, tx.r, tx.s, tx.accessList.length], [0n, 0n, 0n, 0]);
        }
        const sum = a.transactions.reduce((s, t) => s + t.tx.gasLimit, 0n);
        if (name.startsWith('w7e')) assert.ok(a.header.gasLimit < sum);
        else assert.equal(a.header.gasLimit, sum);
      });
    }
  });

  it('JSON form round-trips', () => {
    for (const gen of [w3Swaps, w7cCreate, w7eBlockGasExceeded, w7dSelfdestructShanghai]) {
      const w = gen({ size: 20 });
      const j = JSON.parse(JSON.stringify(workloadToJson(w)));
      assert.deepEqual(workloadFromJson(j), w);
    }
  });

  it('the generator bytecode is the checked-in compilation beside the sources', () => {
    const artifact = JSON.parse(readFileSync(new URL('../../../bench/workloads/contracts/bytecode.json', import.meta.url), 'utf8'));
    assert.deepEqual(artifact.contracts, CONTRACTS);
  });

  describe('sequential execution', () => {
    it('W1: distinct senders and recipients, all transfers succeed', async () => {
      const w = w1Transfers({ size: SIZE });
      assert.equal(w.transactions.length, SIZE);
      const senders = new Set(w.transactions.map((t) => t.sender));
      const recipients = new Set(w.transactions.map((t) => toHexAddr(t.tx.to)));
      assert.equal(senders.size, SIZE);
      assert.equal(recipients.size, SIZE);
      for (const s of senders) assert.ok(!recipients.has(s));
      const r = await run(w);
      assertAllSuccess(w, r);
      assert.equal(r.gasUsed, 21000n * BigInt(SIZE));
      for (const { tx } of w.transactions) {
        const before = BigInt(w.preState[toHexAddr(tx.to)]?.balance ?? 0n);
        assert.equal(r.state.getAccount(key(toHexAddr(tx.to))).balance, before + tx.value);
      }
    });

    for (const gen of [w2Erc20OneToken, w2Erc20TenTokens]) {
      it(`W2 ${gen.name}: every transfer emits Transfer and moves the balance`, async () => {
        const w = gen({ size: SIZE });
        const tokens = new Set(w.transactions.map((t) => toHexAddr(t.tx.to)));
        assert.equal(tokens.size, gen === w2Erc20OneToken ? 1 : 10);
        assert.equal(new Set(w.transactions.map((t) => t.sender)).size, SIZE);
        const r = await run(w);
        assertAllSuccess(w, r);
        w.transactions.forEach(({ tx, sender }, i) => {
          const token = toHexAddr(tx.to);
          const to = '0x' + bytesToHex(tx.data.subarray(16, 36)).slice(2);
          const amount = word(tx.data.subarray(4), 1);
          const logs = r.results[i].logs;
          assert.equal(logs.length, 1);
          assert.equal(toHexAddr(logs[0].address), token);
          assert.equal(bytesToHex(logs[0].topics[0]), TRANSFER_TOPIC);
          assert.equal(topicAddress(logs[0].topics[1]), sender);
          assert.equal(topicAddress(logs[0].topics[2]), to);
          assert.equal(word(logs[0].data, 0), amount);
          const pre = (a) => BigInt(w.preState[token].storage[`0x${slot(mappingSlot(a, TOKEN_BALANCE_SLOT))}`] ?? 0n);
          assert.equal(r.state.getStorage(key(token), slot(mappingSlot(sender, TOKEN_BALANCE_SLOT))), pre(sender) - amount);
          assert.equal(r.state.getStorage(key(token), slot(mappingSlot(to, TOKEN_BALANCE_SLOT))), pre(to) + amount);
        });
      });
    }

    it('W3: swaps move the reserves by x*y=k with the fee, over many pools', async () => {
      const w = w3Swaps({ size: SIZE * 2 });
      const pools = new Set(w.transactions.map((t) => toHexAddr(t.tx.to)));
      assert.ok(pools.size > 40, `${pools.size} pools used`);
      const reserves = new Map([...pools].map((p) => [p, [BigInt(w.preState[p].storage[`0x${slot(0n)}`]), BigInt(w.preState[p].storage[`0x${slot(1n)}`])]]));
      const r = await run(w);
      assertAllSuccess(w, r);
      w.transactions.forEach(({ tx, sender }, i) => {
        const pool = toHexAddr(tx.to);
        const amountIn = word(tx.data.subarray(4), 0);
        const zeroForOne = word(tx.data.subarray(4), 1) === 1n;
        const [r0, r1] = reserves.get(pool);
        const out = zeroForOne ? swapOutput(amountIn, r0, r1) : swapOutput(amountIn, r1, r0);
        reserves.set(pool, zeroForOne ? [r0 + amountIn, r1 - out] : [r0 - out, r1 + amountIn]);
        const [log] = r.results[i].logs;
        assert.equal(bytesToHex(log.topics[0]), SWAP_TOPIC);
        assert.equal(topicAddress(log.topics[1]), sender);
        assert.equal(word(log.data, 2), out);
        assert.equal(word(r.results[i].output, 0), out);
        const outSlot = slot(mappingSlot(sender, zeroForOne ? POOL_BALANCE1_SLOT : POOL_BALANCE0_SLOT));
        assert.equal(r.state.getStorage(key(pool), outSlot), BigInt(w.preState[pool].storage[`0x${outSlot}`] ?? 0n) + out);
      });
      for (const [pool, [r0, r1]] of reserves) {
        assert.equal(r.state.getStorage(key(pool), slot(0n)), r0);
        assert.equal(r.state.getStorage(key(pool), slot(1n)), r1);
      }
    });

    for (const hot of [0, 0.1, 0.3]) {
      it(`W4 mix, hot ${hot}: 60/20/20 and the hot fraction`, async () => {
        const w = w4Mix({ size: SIZE * 2, hot });
        const r = await run(w);
        assertAllSuccess(w, r);
        const code = (t) => w.preState[toHexAddr(t.tx.to)]?.code;
        const transfers = w.transactions.filter((t) => !code(t));
        const erc20 = w.transactions.filter((t) => code(t) === CONTRACTS.Token.runtime);
        const swaps = w.transactions.filter((t) => code(t) === CONTRACTS.Pool.runtime);
        assert.deepEqual([transfers.length, erc20.length, swaps.length], [120, 40, 40]);
        const count = (xs, f) => xs.filter(f).length;
        const byTo = (xs) => { const m = new Map(); for (const t of xs) m.set(toHexAddr(t.tx.to), (m.get(toHexAddr(t.tx.to)) ?? 0) + 1); return m; };
        const maxTo = Math.max(...byTo(transfers).values());
        assert.equal(maxTo, hot === 0 ? 1 : Math.round(120 * hot));
        const erc20To = new Map();
        for (const t of erc20) { const to = bytesToHex(t.tx.data.subarray(16, 36)); erc20To.set(to, (erc20To.get(to) ?? 0) + 1); }
        assert.equal(Math.max(...erc20To.values()), hot === 0 ? 1 : Math.round(40 * hot));
        if (hot > 0) {
          const hotAddr = [...byTo(transfers)].find(([, n]) => n === maxTo)[0];
          assert.equal(erc20To.get('0x' + hotAddr.slice(2)), Math.round(40 * hot));
          assert.ok(Math.max(...byTo(swaps).values()) >= Math.round(40 * hot));
        }
        assert.equal(count(r.results, (x) => x.logs.length === 1), 80);
      });
    }

    it('W5: a strictly ordered counter chain (and its ETH relay variant)', async () => {
      const w = w5Chain({ size: SIZE });
      const counter = toHexAddr(w.transactions[0].tx.to);
      const start = BigInt(w.preState[counter].storage[`0x${slot(0n)}`]);
      const r = await run(w);
      assertAllSuccess(w, r);
      assert.equal(r.state.getStorage(key(counter), slot(0n)), start + BigInt(SIZE));
      // out of order, the dependent transaction reverts
      const swapped = w5Chain({ size: SIZE });
      [swapped.transactions[0], swapped.transactions[1]] = [swapped.transactions[1], swapped.transactions[0]];
      const bad = await run(swapped);
      assert.equal(bad.results[0].status, 'revert');
      const eth = w5Chain({ size: SIZE, kind: 'eth' });
      const re = await run(eth);
      assertAllSuccess(eth, re);
      for (let i = 1; i < SIZE; i++) {
        assert.equal(eth.transactions[i].sender, toHexAddr(eth.transactions[i - 1].tx.to));
        assert.equal(re.state.getAccount(key(eth.transactions[i].sender)).balance, 0n);
      }
    });

    it('W6: senders x 20 consecutive nonces, interleaved', async () => {
      const w = w6NonceChains({ size: 200 });
      assert.equal(w.transactions.length, 200);
      const bySender = new Map();
      for (const { tx, sender } of w.transactions) { if (!bySender.has(sender)) bySender.set(sender, []); bySender.get(sender).push(tx.nonce); }
      assert.equal(bySender.size, 10);
      for (const [s, nonces] of bySender) {
        assert.equal(nonces.length, 20);
        nonces.forEach((n, i) => assert.equal(n, BigInt(w.preState[s].nonce) + BigInt(i)));
      }
      let switches = 0;
      for (let i = 1; i < 200; i++) if (w.transactions[i].sender !== w.transactions[i - 1].sender) switches++;
      assert.ok(switches > 150, `interleaved (${switches} sender switches)`);
      assert.equal(new Set(w6NonceChains().transactions.map((t) => t.sender)).size, 100);
      const r = await run(w);
      assertAllSuccess(w, r);
    });
  });

  describe('W7 hazards', () => {
    it('a: BALANCE(COINBASE) sees every earlier fee', async () => {
      const w = w7aCoinbase();
      const r = await run(w);
      assertAllSuccess(w, r);
      const probeIndex = w.transactions.findIndex((t) => w.preState[toHexAddr(t.tx.to)]?.code === CONTRACTS.CoinbaseProbe.runtime);
      let expected = BigInt(w.preState[w.header.coinbase].balance);
      for (let i = 0; i < probeIndex; i++) {
        const { tx } = w.transactions[i];
        expected += r.results[i].gasUsed * tx.maxPriorityFeePerGas;
        if (toHexAddr(tx.to) === w.header.coinbase) expected += tx.value;
      }
      assert.ok(w.transactions.some((t) => toHexAddr(t.tx.to) === w.header.coinbase));
      assert.equal(r.state.getStorage(key(toHexAddr(w.transactions[probeIndex].tx.to)), slot(0n)), expected);
    });

    it('b: one sender, consecutive nonces', async () => {
      const w = w7bSameSender();
      assert.equal(new Set(w.transactions.map((t) => t.sender)).size, 1);
      const s = w.transactions[0].sender;
      w.transactions.forEach(({ tx }, i) => assert.equal(tx.nonce, BigInt(w.preState[s].nonce) + BigInt(i)));
      assertAllSuccess(w, await run(w));
    });

    it('c: contracts created by a transaction, CREATE and CREATE2 are called later', async () => {
      const w = w7cCreate();
      const r = await run(w);
      assertAllSuccess(w, r);
      const [t0, t1, t2] = w.transactions;
      const direct = createAddress(t0.sender, t0.tx.nonce);
      const factory = toHexAddr(t1.tx.to);
      const viaCreate = createAddress(factory, 1n);
      const viaCreate2 = create2Address(factory, word(t2.tx.data.subarray(4), 0), CONTRACTS.Child.creation);
      assert.equal('0x' + r.results[0].createdAddress, direct);
      assert.equal('0x' + bytesToHex(r.results[1].output).slice(26), viaCreate);
      assert.equal('0x' + bytesToHex(r.results[2].output).slice(26), viaCreate2);
      for (const a of [direct, viaCreate, viaCreate2]) {
        assert.equal(w.preState[a], undefined);
        assert.equal(bytesToHex(r.state.getCode(key(a))), CONTRACTS.Child.runtime);
      }
      assert.deepEqual(r.results.slice(3).map((x) => word(x.output, 0)), [1n, 1n, 1n, 2n]);
      assert.deepEqual(w.transactions.slice(3).map((t) => toHexAddr(t.tx.to)), [direct, viaCreate, viaCreate2, direct]);
    });

    it('d: SELFDESTRUCT in Cancun (EIP-6780) and before', async () => {
      const c = w7dSelfdestructCancun();
      assert.equal(c.fork, 'Cancun');
      const rc = await run(c);
      assertAllSuccess(c, rc);
      const ephemeral = createAddress(toHexAddr(c.transactions[0].tx.to), 1n);
      assert.equal(rc.state.getAccount(key(ephemeral)), undefined);
      const existing = toHexAddr(c.transactions[2].tx.to);
      assert.equal(bytesToHex(rc.state.getCode(key(existing))), CONTRACTS.Destructible.runtime);
      assert.equal(rc.state.getAccount(key(existing)).balance, 0n);
      assert.equal(rc.state.getStorage(key(existing), slot(0n)), 6n);
      const probe = toHexAddr(c.transactions[4].tx.to);
      assert.equal(rc.state.getStorage(key(probe), slot(0n)), BigInt((CONTRACTS.Destructible.runtime.length - 2) / 2));
      assert.equal(rc.state.getStorage(key(probe), slot(2n)), 2n);

      const s = w7dSelfdestructShanghai();
      assert.equal(s.fork, 'Shanghai');
      const rs = await run(s);
      assertAllSuccess(s, rs);
      const killed = toHexAddr(s.transactions[0].tx.to);
      assert.equal(rs.state.getAccount(key(killed)), undefined);
      assert.equal(rs.results[1].output.length, 0); // the call found no code
      const probeS = toHexAddr(s.transactions[2].tx.to);
      assert.equal(rs.state.getStorage(key(probeS), slot(0n)), 0n);
      assert.equal(rs.state.getStorage(key(probeS), slot(2n)), 1n);
    });

    it('e: a transaction beyond the gas left makes the block invalid; gas limits may sum past the block limit', async () => {
      const bad = w7eBlockGasExceeded();
      assert.ok(bad.expectInvalid);
      assert.ok(bad.transactions.every((t) => t.tx.gasLimit <= bad.header.gasLimit));
      const r = await run(bad);
      assert.equal(r.valid, false);
      assert.equal(r.invalidIndex, 3);
      const ok = w7eBlockGasFits();
      assert.equal(ok.expectInvalid, undefined);
      const ro = await run(ok);
      assertAllSuccess(ok, ro);
      assert.equal(ro.gasUsed, 84000n);
    });

    it('f: each hop spends what the previous transaction sent it', async () => {
      const w = w7fFundedChain();
      const r = await run(w);
      assertAllSuccess(w, r);
      for (let i = 1; i < w.transactions.length; i++) {
        const s = w.transactions[i].sender;
        assert.equal(w.preState[s], undefined);
        assert.equal(s, toHexAddr(w.transactions[i - 1].tx.to));
        assert.equal(r.state.getAccount(key(s)).balance, 0n);
      }
    });

    it('g: SSTORE gas follows the value the previous transaction left', async () => {
      const w = w7gSstoreOriginal();
      const r = await run(w);
      assertAllSuccess(w, r);
      const [g1, g2, g3] = r.results;
      assert.equal(g1.gasUsed - g2.gasUsed, 20000n - 2900n);
      assert.equal(g3.refund, 4800n);
      assert.equal(r.state.getStorage(key(toHexAddr(w.transactions[0].tx.to)), slot(0n)), 0n);
      assert.deepEqual(w.transactions.map((t) => bytesToHex(t.tx.data)), [1n, 2n, 0n].map((v) => bytesToHex(calldata('set(uint256)', v))));
    });
  });
});

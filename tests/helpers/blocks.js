// Small synthetic blocks for planner tests: transfers, hot recipients, nonce chains, contract calls.
import { MemoryState } from '../../dist/state/memory-state.js';

export const BLOCK = {
  coinbase: 'cb'.repeat(20), number: 20_000_000n, timestamp: 1_720_000_000n, gasLimit: 10n ** 12n,
  prevRandao: 0n, baseFee: 7n, blobBaseFee: 1n, chainId: 1n,
};

const addr = (n) => n.toString(16).padStart(40, '0');
const bytes = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'));

function tx(nonce, to, value, data = '', gasLimit = 100_000n) {
  return {
    type: 2, chainId: 1n, nonce: BigInt(nonce), maxFeePerGas: 100n, maxPriorityFeePerGas: 2n, gasLimit,
    to: to === null ? null : bytes(to), value: BigInt(value), data: bytes(data), accessList: [], v: 0n, r: 0n, s: 0n,
  };
}

/** A sender in `pre`: 100 ether, nonce 0. */
function fund(pre, address) {
  pre['0x' + address] = { balance: '0x' + (10n ** 20n).toString(16), nonce: '0x0' };
  return address;
}

/** A contract in `pre` running `code` (hex). */
function deploy(pre, address, code) {
  pre['0x' + address] = { balance: '0x0', nonce: '0x1', code: '0x' + code };
  return address;
}

/** A seeded generator of numbers in [0, 1). */
function seeded(seed) {
  let r = seed >>> 0;
  return () => { r = (r * 1664525 + 1013904223) >>> 0; return r / 2 ** 32; };
}

// counter contract: slot0 += 1; also stores BALANCE(COINBASE) in slot 1
// PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE COINBASE BALANCE PUSH1 1 SSTORE STOP
const COUNTER = '600054600101600055413160015500';

/** A seeded block: `n` transactions; `hot` = fraction going to one hot account; `chains` = same-sender runs. */
export function syntheticBlock({ n = 200, seed = 1, hot = 0.2, chainLength = 4, counterShare = 0.1 } = {}) {
  const rand = seeded(seed);
  const pre = {};
  const tasks = [];
  const counter = deploy(pre, addr(0xc0c0), COUNTER);
  const hotAccount = addr(0xeeee);
  let senderId = 0x100000;
  while (tasks.length < n) {
    const sender = fund(pre, addr(senderId++));
    const run = 1 + Math.floor(rand() * chainLength);
    for (let k = 0; k < run && tasks.length < n; k++) {
      const x = rand();
      const t = x < counterShare ? tx(k, counter, 0)
        : x < counterShare + hot ? tx(k, hotAccount, 1000 + tasks.length, '', 21_000n)
          : tx(k, addr(0x900000 + tasks.length), 1 + tasks.length, '', 21_000n);
      tasks.push({ index: tasks.length, sender, tx: t });
    }
  }
  // interleave: shuffle while keeping each sender's transactions in nonce order
  const bySender = new Map();
  for (const t of tasks) { if (!bySender.has(t.sender)) bySender.set(t.sender, []); bySender.get(t.sender).push(t); }
  const queues = [...bySender.values()];
  const out = [];
  while (queues.length) {
    const i = Math.floor(rand() * queues.length);
    out.push(queues[i].shift());
    if (!queues[i].length) queues.splice(i, 1);
  }
  out.forEach((t, i) => { t.index = i; });
  return { pre, tasks: out, state: () => MemoryState.fromJson(pre) };
}

// A counter without the beneficiary read: PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE STOP
const PLAIN_COUNTER = '60005460010160005500';

/**
 * Calls to two counters, A and B (each call reads what the last one wrote: the planner pins each to a lane,
 * B, called more, first, to the first worker; A to the planner's own), and plain transfers, every sender fresh
 * but these: every 40th transaction from the 40th on calls B from a sender whose transaction just before
 * called A. That call of B waits until the call of A commits, and every later call of B until the one
 * before it has gone to B's lane.
 */
export function crossedChainsBlock({ n = 400 } = {}) {
  const pre = {};
  const tasks = [];
  const counterA = deploy(pre, addr(0xa0a0), PLAIN_COUNTER), counterB = deploy(pre, addr(0xb0b0), PLAIN_COUNTER);
  let senderId = 0x200000;
  const fresh = () => fund(pre, addr(senderId++));
  const push = (sender, t) => tasks.push({ index: tasks.length, sender, tx: t });
  let crossing = null;
  while (tasks.length < n) {
    const i = tasks.length;
    if (i % 40 === 39) { crossing = fresh(); push(crossing, tx(0, counterA, 0)); continue; }
    if (i % 40 === 0 && crossing !== null) { push(crossing, tx(1, counterB, 0)); continue; }
    const kind = i % 8; // (each counter an eighth of the block: few enough calls to be pinned)
    push(fresh(), kind === 0 ? tx(0, counterA, 0) : kind === 4 ? tx(0, counterB, 0) : tx(0, addr(0x900000 + i), 1 + i, '', 21_000n));
  }
  const callsOf = (c) => tasks.filter((t) => t.tx.to !== null && Buffer.from(t.tx.to).toString('hex') === c).length;
  return { pre, tasks, callsOfA: callsOf(counterA), callsOfB: callsOf(counterB), state: () => MemoryState.fromJson(pre) };
}

/**
 * Calls through `proxies` contracts, each of which calls one counter (PLAIN_COUNTER): the calls target the
 * proxies, so no call target is a chain, but every call reads and writes the counter's slot. Once a lane's
 * call reads it stale, the counter is contended, and a lane's later call that reads what an earlier call,
 * not committed yet, writes is set aside until that one commits (planner.ts blockerOf: `deferred`).
 */
export function proxiedCounterBlock({ n = 300, proxies = 40, seed = 1 } = {}) {
  const rand = seeded(seed);
  const pre = {};
  const counter = deploy(pre, addr(0xc0c1), PLAIN_COUNTER);
  // PUSH1 0 x5 (retSize, retOffset, argsSize, argsOffset, value), PUSH20 counter, GAS, CALL, STOP
  const proxyCode = '6000'.repeat(5) + '73' + counter + '5af100';
  const proxyAddresses = Array.from({ length: proxies }, (_, k) => deploy(pre, addr(0xd000 + k), proxyCode));
  const tasks = [];
  for (let i = 0; i < n; i++) {
    const sender = fund(pre, addr(0x300000 + i));
    tasks.push({ index: i, sender, tx: tx(0, proxyAddresses[Math.floor(rand() * proxies)], 0) });
  }
  return { pre, tasks, state: () => MemoryState.fromJson(pre) };
}

/** A loop of `rounds` (at most 65,535; ~26 gas each): PUSH2 rounds, JUMPDEST, PUSH1 1, SWAP1, SUB, DUP1, PUSH1 3, JUMPI, STOP. */
const loopCode = (rounds) => '61' + rounds.toString(16).padStart(4, '0') + '5b600190038060035700';

/**
 * `n` calls, each to a contract of its own that loops (4,096 rounds: ~0.1 ms each here; `rounds` up to 65,535,
 * ~26 gas each), from fresh senders: heavy and independent.
 */
export function heavyCallsBlock({ n = 120, rounds = 0x1000 } = {}) {
  const pre = {};
  const tasks = [];
  const code = loopCode(rounds);
  const gasLimit = BigInt(Math.max(200_000, 30 * rounds + 50_000));
  for (let i = 0; i < n; i++) {
    const sender = fund(pre, addr(0x400000 + i)), target = deploy(pre, addr(0xe000 + i), code);
    tasks.push({ index: i, sender, tx: tx(0, target, 0, '', gasLimit) });
  }
  return { pre, tasks, state: () => MemoryState.fromJson(pre) };
}

/**
 * `n` value transfers between fresh accounts, then one heavy call (a long loop): a short block whose last
 * transaction is its heaviest, as a rollup's proof often is on mainnet (19932703: ~80% of the block).
 */
export function heavyTailBlock({ n = 120 } = {}) {
  const pre = {};
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push({ index: i, sender: fund(pre, addr(0x500000 + i)), tx: tx(0, addr(0x600000 + i), 1000) });
  const target = deploy(pre, addr(0xe800), loopCode(0xffff)); // (~1.7M gas, ~1–2 ms here)
  tasks.push({ index: n, sender: fund(pre, addr(0x500000 + n)), tx: tx(0, target, 0, '', 2_000_000n) });
  return { pre, tasks, state: () => MemoryState.fromJson(pre) };
}

/**
 * `n` value transfers between fresh accounts, and every `every`th transaction a call that reads the
 * beneficiary's balance (COINBASE BALANCE POP STOP, each to a contract of its own, so that none is pinned
 * to a lane): a call that ran ahead reads a balance later fees changed, so the beneficiary turns hot, as
 * in mainnet blocks that pay or read it (13217637).
 */
export function beneficiaryReadersBlock({ n = 600, every = 25 } = {}) {
  const pre = {};
  const tasks = [];
  // (the beneficiary exists from the start, as on mainnet: a read of it goes stale on its balance, which fees change)
  fund(pre, BLOCK.coinbase);
  for (let i = 0; i < n; i++) {
    const sender = fund(pre, addr(0x700000 + i));
    const to = i % every === every - 1 ? deploy(pre, addr(0xf000 + i), '41315000') : addr(0x800000 + i);
    tasks.push({ index: i, sender, tx: tx(0, to, 1000) });
  }
  return { pre, tasks, state: () => MemoryState.fromJson(pre) };
}

/**
 * Deterministic, seeded blocks of transactions with their pre-state, for benchmarking and testing the
 * parallel planner. Every generator is `(opts: { seed?, size? }) => Workload`; the same seed always
 * gives the same block, another seed another one. Contracts: bench/workloads/contracts/*.sol, compiled
 * bytecode checked in as ./bytecode.ts (see bench/workloads/compile.js).
 *
 *   W1  w1Transfers           raw ETH transfers, distinct senders and recipients (10,000)
 *   W2  w2Erc20 / ...OneToken / ...TenTokens   ERC-20 transfers on 1 or 10 tokens (10,000)
 *   W3  w3Swaps               constant-product swaps over 64 pools (10,000)
 *   W4  w4Mix                 60% transfers, 20% ERC-20, 20% swaps, `hot` fraction on one hot account/pool (10,000)
 *   W5  w5Chain               every tx depends on the previous one (ordered counter, or an ETH relay) (1,000)
 *   W6  w6NonceChains         100 senders x 20 consecutive nonces, interleaved (2,000)
 *   W7  w7a..w7g              one small block per hazard (see each function)
 */
import { CONTRACTS } from './bytecode.js';
import { Rng } from './rng.js';
import {
  BlockBuilder, calldata, create2Address, createAddress, mappingSlot, ETHER, BASE_FEE, PRIORITY_FEE,
  type Workload, type WorkloadOptions,
} from './builder.js';

export * from './builder.js';
export { Rng } from './rng.js';
export { CONTRACTS, COMPILER } from './bytecode.js';

/** Gas limits: the gas a transaction uses, rounded up with a margin, as a wallet's estimate would be. */
export const GAS = {
  transfer: 21_000n,
  erc20: 65_000n,
  swap: 80_000n,
  counter: 40_000n,
  call: 100_000n,
  create: 300_000n,
} as const;

const DEFAULT_SEED = 1;

/** ERC-20 storage: slot 0 balanceOf, slot 2 totalSupply. */
export const TOKEN_BALANCE_SLOT = 0n;
export const TOKEN_SUPPLY_SLOT = 2n;
/** Pool storage: reserve0, reserve1, balance0 mapping, balance1 mapping. */
export const POOL_RESERVE0_SLOT = 0n;
export const POOL_RESERVE1_SLOT = 1n;
export const POOL_BALANCE0_SLOT = 2n;
export const POOL_BALANCE1_SLOT = 3n;

function setup(name: string, opts: WorkloadOptions, defaultSize: number): { b: BlockBuilder; size: number; seed: number } {
  const seed = opts.seed ?? DEFAULT_SEED;
  const size = opts.size ?? defaultSize;
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`${name}: size must be a positive integer, got ${size}`);
  return { b: new BlockBuilder(new Rng(seed, name)), size, seed };
}

// --- building blocks ------------------------------------------------------------------------------

/** A value transfer from a fresh funded sender to `to` (a fresh recipient when omitted; half of those pre-exist). */
function addTransfer(b: BlockBuilder, to?: string): void {
  const sender = b.eoa();
  let recipient = to;
  if (recipient === undefined) {
    recipient = b.address();
    if (b.rng.int(2) === 0) b.account(recipient, b.rng.bits(58));
  }
  b.tx(sender, recipient, { value: 1n + b.rng.bits(56), gasLimit: GAS.transfer });
}

class TokenSet {
  readonly addresses: string[] = [];
  private readonly storage: Map<bigint, bigint>[] = [];

  constructor(private readonly b: BlockBuilder, count: number) {
    for (let i = 0; i < count; i++) {
      const storage = new Map<bigint, bigint>();
      this.storage.push(storage);
      this.addresses.push(b.contract(CONTRACTS.Token.runtime, storage));
    }
  }

  /** Gives `holder` `amount` of token `i` in the pre-state (the account entries share the maps). */
  mint(i: number, holder: string, amount: bigint): void {
    const s = this.storage[i];
    const slot = mappingSlot(holder, TOKEN_BALANCE_SLOT);
    s.set(slot, (s.get(slot) ?? 0n) + amount);
    s.set(TOKEN_SUPPLY_SLOT, (s.get(TOKEN_SUPPLY_SLOT) ?? 0n) + amount);
  }

  /** Re-serialises the storage maps into the pre-state (call once the block is complete). */
  seal(): void {
    for (let i = 0; i < this.addresses.length; i++) {
      this.b.account(this.addresses[i], 0n, { nonce: 1n, code: CONTRACTS.Token.runtime, storage: this.storage[i] });
    }
  }
}

/** An ERC-20 transfer of token `i` from a fresh holder to `to` (fresh when omitted; a quarter of those already hold tokens). */
function addErc20(b: BlockBuilder, tokens: TokenSet, i: number, to?: string): void {
  const sender = b.eoa();
  const balance = b.rng.range(10n ** 20n, 10n ** 24n);
  tokens.mint(i, sender, balance);
  let recipient = to;
  if (recipient === undefined) {
    recipient = b.address();
    if (b.rng.int(4) === 0) tokens.mint(i, recipient, b.rng.range(1n, 10n ** 22n));
  }
  const amount = b.rng.range(1n, balance + 1n);
  b.tx(sender, tokens.addresses[i], { data: calldata('transfer(address,uint256)', recipient, amount), gasLimit: GAS.erc20 });
}

class PoolSet {
  readonly addresses: string[] = [];
  /** Reserves in the pre-state: [reserve0, reserve1]. */
  readonly initial: [bigint, bigint][] = [];
  private readonly storage: Map<bigint, bigint>[] = [];

  constructor(private readonly b: BlockBuilder, count: number) {
    for (let i = 0; i < count; i++) {
      const r0 = b.rng.range(10n ** 21n, 10n ** 24n);
      const r1 = b.rng.range(10n ** 21n, 10n ** 24n);
      const storage = new Map<bigint, bigint>([[POOL_RESERVE0_SLOT, r0], [POOL_RESERVE1_SLOT, r1]]);
      this.storage.push(storage);
      this.initial.push([r0, r1]);
      this.addresses.push(b.contract(CONTRACTS.Pool.runtime, storage));
    }
  }

  credit(i: number, trader: string, asset: 0 | 1, amount: bigint): void {
    const slot = mappingSlot(trader, asset === 0 ? POOL_BALANCE0_SLOT : POOL_BALANCE1_SLOT);
    const s = this.storage[i];
    s.set(slot, (s.get(slot) ?? 0n) + amount);
  }

  seal(): void {
    for (let i = 0; i < this.addresses.length; i++) {
      this.b.account(this.addresses[i], 0n, { nonce: 1n, code: CONTRACTS.Pool.runtime, storage: this.storage[i] });
    }
  }
}

/** A swap on pool `i` by a fresh trader holding enough of the input asset in the pool's internal balances. */
function addSwap(b: BlockBuilder, pools: PoolSet, i: number): void {
  const trader = b.eoa();
  const zeroForOne = b.rng.int(2) === 0;
  const reserveIn = pools.initial[i][zeroForOne ? 0 : 1];
  const amountIn = (reserveIn * b.rng.range(1n, 101n)) / 10_000n; // up to 1% of the pool's initial reserve
  pools.credit(i, trader, zeroForOne ? 0 : 1, amountIn + b.rng.range(0n, amountIn + 1n));
  if (b.rng.int(2) === 0) pools.credit(i, trader, zeroForOne ? 1 : 0, b.rng.range(1n, 10n ** 20n));
  b.tx(trader, pools.addresses[i], { data: calldata('swap(uint256,bool)', amountIn, zeroForOne), gasLimit: GAS.swap });
}

/** Constant-product output of the Pool contract: amountIn·997·rOut / (rIn·1000 + amountIn·997). */
export function swapOutput(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const inWithFee = amountIn * 997n;
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee);
}

// --- W1..W6 ---------------------------------------------------------------------------------------

/** W1: `size` (10,000) value transfers; every sender and every recipient distinct. */
export function w1Transfers(opts: WorkloadOptions = {}): Workload {
  const { b, size } = setup('w1-transfers', opts, 10_000);
  for (let i = 0; i < size; i++) addTransfer(b);
  return b.build('w1-transfers');
}

/** W2: `size` (10,000) ERC-20 transfers spread over `tokens` (1) tokens by the RNG; distinct senders holding balances. */
export function w2Erc20(opts: WorkloadOptions & { tokens?: number } = {}): Workload {
  const tokenCount = opts.tokens ?? 1;
  const name = `w2-erc20-${tokenCount}token${tokenCount === 1 ? '' : 's'}`;
  const { b, size } = setup(name, opts, 10_000);
  const tokens = new TokenSet(b, tokenCount);
  for (let i = 0; i < size; i++) addErc20(b, tokens, b.rng.int(tokenCount));
  tokens.seal();
  return b.build(name);
}
export const w2Erc20OneToken = (opts: WorkloadOptions = {}): Workload => w2Erc20({ ...opts, tokens: 1 });
export const w2Erc20TenTokens = (opts: WorkloadOptions = {}): Workload => w2Erc20({ ...opts, tokens: 10 });

/** W3: `size` (10,000) swaps over `pools` (64) constant-product pools, pools and directions picked by the RNG. */
export function w3Swaps(opts: WorkloadOptions & { pools?: number } = {}): Workload {
  const { b, size } = setup('w3-swaps', opts, 10_000);
  const pools = new PoolSet(b, opts.pools ?? 64);
  for (let i = 0; i < size; i++) addSwap(b, pools, b.rng.int(pools.addresses.length));
  pools.seal();
  return b.build('w3-swaps');
}

/**
 * W4: `size` (10,000) transactions, exactly 60% transfers, 20% ERC-20 transfers (one token) and 20% swaps
 * (64 pools), shuffled. A `hot` fraction (0) of each kind touches the one hot spot: transfers and ERC-20
 * transfers go to the same hot address, swaps go to pool 0 (the other swaps use pools 1..63 when hot > 0).
 */
export function w4Mix(opts: WorkloadOptions & { hot?: number } = {}): Workload {
  const hot = opts.hot ?? 0;
  if (!(hot >= 0 && hot <= 1)) throw new Error(`w4Mix: hot must be in [0, 1], got ${hot}`);
  const name = `w4-mix-hot${hot}`;
  const { b, size } = setup(name, opts, 10_000);
  const nTransfer = Math.round(size * 0.6);
  const nErc20 = Math.round(size * 0.2);
  const nSwap = size - nTransfer - nErc20;
  const hotAddress = b.eoa();
  const tokens = new TokenSet(b, 1);
  const pools = new PoolSet(b, 64);
  const flags = (n: number) => b.rng.shuffle(Array.from({ length: n }, (_, i) => i < Math.round(n * hot)));
  const hotT = flags(nTransfer), hotE = flags(nErc20), hotS = flags(nSwap);
  const kinds = b.rng.shuffle([...Array(nTransfer).fill(0), ...Array(nErc20).fill(1), ...Array(nSwap).fill(2)] as number[]);
  let t = 0, e = 0, s = 0;
  for (const k of kinds) {
    if (k === 0) addTransfer(b, hotT[t++] ? hotAddress : undefined);
    else if (k === 1) addErc20(b, tokens, 0, hotE[e++] ? hotAddress : undefined);
    else addSwap(b, pools, hotS[s++] ? 0 : hot > 0 ? 1 + b.rng.int(63) : b.rng.int(64));
  }
  tokens.seal();
  pools.seal();
  return b.build(name);
}
export const w4MixHot0 = (opts: WorkloadOptions = {}): Workload => w4Mix({ ...opts, hot: 0 });
export const w4MixHot01 = (opts: WorkloadOptions = {}): Workload => w4Mix({ ...opts, hot: 0.1 });
export const w4MixHot03 = (opts: WorkloadOptions = {}): Workload => w4Mix({ ...opts, hot: 0.3 });

/**
 * W5: a fully dependent chain of `size` (1,000) transactions.
 *   kind 'counter' (default): distinct senders call Counter.increment(n) with n = the count so far; the
 *     contract reverts unless the count is exactly n, so a mis-ordered execution shows up as a revert.
 *   kind 'eth': an ETH relay; the recipient of tx i (a fresh account) sends its whole balance on in tx i+1.
 */
export function w5Chain(opts: WorkloadOptions & { kind?: 'counter' | 'eth' } = {}): Workload {
  const kind = opts.kind ?? 'counter';
  const name = kind === 'counter' ? 'w5-chain' : 'w5-chain-eth';
  const { b, size } = setup(name, opts, 1_000);
  if (kind === 'eth') {
    ethRelay(b, size);
    return b.build(name);
  }
  const start = BigInt(b.rng.int(1000));
  const counter = b.contract(CONTRACTS.Counter.runtime, new Map([[0n, start]]));
  for (let i = 0; i < size; i++) {
    b.tx(b.eoa(), counter, { data: calldata('increment(uint256)', start + BigInt(i)), gasLimit: GAS.counter });
  }
  return b.build(name);
}

/** Fee cap = base fee + tip exactly, so "all its balance" is value = balance - 21000 * price. */
const RELAY_PRICE = BASE_FEE + PRIORITY_FEE;

function ethRelay(b: BlockBuilder, hops: number): void {
  let from = b.eoa(ETHER * 10n);
  let value = ETHER + b.rng.bits(59);
  for (let i = 0; i < hops; i++) {
    const to = b.address();
    b.tx(from, to, { value, gasLimit: GAS.transfer, maxFeePerGas: RELAY_PRICE, maxPriorityFeePerGas: PRIORITY_FEE });
    from = to;
    value -= GAS.transfer * RELAY_PRICE;
  }
}

/**
 * W6: nonce chains: `senders` (100) senders x `perSender` (20) transactions with consecutive nonces,
 * interleaved by a seeded shuffle (each sender's transactions stay in nonce order). `size` sets the total
 * (senders = ceil(size / perSender)). Every transaction is a transfer to a distinct fresh recipient;
 * half of the senders start at a non-zero nonce.
 */
export function w6NonceChains(opts: WorkloadOptions & { senders?: number; perSender?: number } = {}): Workload {
  const perSender = opts.perSender ?? 20;
  const { b } = setup('w6-nonce-chains', opts, 2_000);
  const senderCount = opts.senders ?? (opts.size !== undefined ? Math.ceil(opts.size / perSender) : 100);
  const senders = Array.from({ length: senderCount }, () => b.eoa(ETHER * 30n, b.rng.int(2) === 0 ? 0n : BigInt(b.rng.int(1000))));
  const order = b.rng.shuffle(senders.flatMap((s) => Array<string>(perSender).fill(s)));
  for (const s of order) b.tx(s, b.address(), { value: 1n + b.rng.bits(58), gasLimit: GAS.transfer });
  return b.build('w6-nonce-chains');
}

// --- W7: hazards ------------------------------------------------------------------------------------

/**
 * W7a beneficiary: transfers pay priority fees to the coinbase (one sends ETH straight to it), then
 * CoinbaseProbe.probe() stores BALANCE(COINBASE) in its slot 0; one transfer follows. The stored value
 * is the coinbase's pre-state balance + the value sent to it + every earlier transaction's priority fee.
 */
export function w7aCoinbase(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7a-coinbase', opts, 1);
  const coinbase = b.coinbase();
  const probe = b.contract(CONTRACTS.CoinbaseProbe.runtime);
  for (let i = 0; i < 4; i++) addTransfer(b);
  b.tx(b.eoa(), coinbase, { value: ETHER / 10n, gasLimit: GAS.transfer });
  addTransfer(b);
  b.tx(b.eoa(), probe, { data: calldata('probe()'), gasLimit: GAS.call });
  addTransfer(b);
  return b.build('w7a-coinbase');
}

/** W7b same sender: one sender (starting at a non-zero nonce) sends 10 transactions with consecutive nonces. */
export function w7bSameSender(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7b-same-sender', opts, 1);
  const sender = b.eoa(ETHER * 10n, BigInt(1 + b.rng.int(100)));
  const tokens = new TokenSet(b, 1);
  for (let i = 0; i < 10; i++) {
    if (i % 3 === 2) {
      tokens.mint(0, sender, 10n ** 21n);
      b.tx(sender, tokens.addresses[0], { data: calldata('transfer(address,uint256)', b.address(), 10n ** 20n), gasLimit: GAS.erc20 });
    } else {
      b.tx(sender, b.address(), { value: ETHER / 10n + b.rng.bits(50), gasLimit: GAS.transfer });
    }
  }
  tokens.seal();
  return b.build('w7b-same-sender');
}

/**
 * W7c contract creation: tx 0 deploys a Child by a creation transaction, tx 1 Factory.deploy() (CREATE),
 * tx 2 Factory.deploy2(salt) (CREATE2); txs 3..6 call ping() on the three new contracts (the first twice,
 * so its `pings` reaches 2). Addresses follow from the sender/factory nonces and the salt.
 */
export function w7cCreate(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7c-create', opts, 1);
  const deployer = b.eoa(ETHER, BigInt(b.rng.int(50)));
  const factory = b.contract(CONTRACTS.Factory.runtime);
  const salt = b.rng.bits(256);
  const direct = createAddress(deployer, BigInt(b.preState[deployer].nonce));
  const created = createAddress(factory, 1n);
  const created2 = create2Address(factory, salt, CONTRACTS.Child.creation);
  b.tx(deployer, null, { data: hexData(CONTRACTS.Child.creation), gasLimit: GAS.create });
  b.tx(b.eoa(), factory, { data: calldata('deploy()'), gasLimit: GAS.create });
  b.tx(b.eoa(), factory, { data: calldata('deploy2(bytes32)', salt), gasLimit: GAS.create });
  for (const target of [direct, created, created2, direct]) b.tx(b.eoa(), target, { data: calldata('ping()'), gasLimit: GAS.call });
  return b.build('w7c-create');
}

function hexData(h: string): Uint8Array {
  const out = new Uint8Array((h.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(2 + i * 2, 2), 16);
  return out;
}

/**
 * W7d SELFDESTRUCT under Cancun (EIP-6780):
 *   tx 0 Destroyer.createAndKill{value: 1 ether}(beneficiary): the new contract self-destructs in the tx
 *        that created it, so it is deleted and its ether goes to the beneficiary;
 *   tx 1 CodeProbe.record(thatAddress): code size 0, balance 0;
 *   tx 2 an existing Destructible (pings = 5, 2 ether) .kill(beneficiary2): only the ether moves,
 *        code and storage stay;
 *   tx 3 Destructible.ping(): pings becomes 6;  tx 4 CodeProbe.record(Destructible): code size > 0, balance 0.
 */
export function w7dSelfdestructCancun(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7d-selfdestruct-cancun', opts, 1);
  const destroyer = b.contract(CONTRACTS.Destroyer.runtime);
  const probe = b.contract(CONTRACTS.CodeProbe.runtime);
  const existing = b.contract(CONTRACTS.Destructible.runtime, new Map([[0n, 5n]]), 2n * ETHER);
  const beneficiary = b.address();
  const beneficiary2 = b.eoa(ETHER);
  const ephemeral = createAddress(destroyer, 1n);
  b.tx(b.eoa(ETHER * 3n), destroyer, { value: ETHER, data: calldata('createAndKill(address)', beneficiary), gasLimit: GAS.create });
  b.tx(b.eoa(), probe, { data: calldata('record(address)', ephemeral), gasLimit: GAS.call });
  b.tx(b.eoa(), existing, { data: calldata('kill(address)', beneficiary2), gasLimit: GAS.call });
  b.tx(b.eoa(), existing, { data: calldata('ping()'), gasLimit: GAS.call });
  b.tx(b.eoa(), probe, { data: calldata('record(address)', existing), gasLimit: GAS.call });
  return b.build('w7d-selfdestruct-cancun');
}

/**
 * W7d before Cancun (Shanghai block): an existing Destructible (pings = 5, 2 ether) self-destructs in
 * tx 0 and is deleted; tx 1 calls ping() on it (now an empty account: success, nothing runs, no storage);
 * tx 2 CodeProbe.record(it): code size 0, balance 0.
 */
export function w7dSelfdestructShanghai(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7d-selfdestruct-shanghai', opts, 1);
  const probe = b.contract(CONTRACTS.CodeProbe.runtime);
  const existing = b.contract(CONTRACTS.Destructible.runtime, new Map([[0n, 5n]]), 2n * ETHER);
  const beneficiary = b.address();
  b.tx(b.eoa(), existing, { data: calldata('kill(address)', beneficiary), gasLimit: GAS.call });
  b.tx(b.eoa(), existing, { data: calldata('ping()'), gasLimit: GAS.call });
  b.tx(b.eoa(), probe, { data: calldata('record(address)', existing), gasLimit: GAS.call });
  // Shanghai: mainnet timestamps 1,681,338,455 .. 1,710,338,134
  return b.build('w7d-selfdestruct-shanghai', { fork: 'Shanghai', number: 18_000_000n + BigInt(b.rng.int(1_000_000)), timestamp: 1_690_000_000n + 12n * BigInt(b.rng.int(1_000_000)) });
}

/** W7e: four transfers, each with gas limit 50,000 (each uses 21,000). */
const W7E_TX_GAS = 50_000n;

/**
 * W7e block gas exceeded: block gas limit 112,999 = 3 x 21,000 + 49,999, so after three transfers only
 * 49,999 gas remains and the fourth (gas limit 50,000) does not fit: the block must be rejected.
 */
export function w7eBlockGasExceeded(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7e-block-gas-exceeded', opts, 1);
  for (let i = 0; i < 4; i++) b.tx(b.eoa(), b.address(), { value: 1n + b.rng.bits(50), gasLimit: W7E_TX_GAS });
  const gasLimit = 3n * GAS.transfer + W7E_TX_GAS - 1n;
  return b.build('w7e-block-gas-exceeded', {
    gasLimit,
    expectInvalid: `transaction 3 has gas limit ${W7E_TX_GAS} but only ${gasLimit - 3n * GAS.transfer} gas remains in the block (gas limit ${gasLimit}, 3 x 21000 used)`,
  });
}

/**
 * W7e companion, valid: the same four transactions with block gas limit 113,000. The sum of the gas
 * limits (200,000) exceeds the block gas limit, but each transaction fits the gas actually left.
 */
export function w7eBlockGasFits(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7e-block-gas-fits', opts, 1);
  for (let i = 0; i < 4; i++) b.tx(b.eoa(), b.address(), { value: 1n + b.rng.bits(50), gasLimit: W7E_TX_GAS });
  return b.build('w7e-block-gas-fits', { gasLimit: 3n * GAS.transfer + W7E_TX_GAS });
}

/**
 * W7f funded by an earlier transaction: a relay of 5 hops; the recipient of tx i (absent from the
 * pre-state) sends its whole new balance (minus the fee, at fee cap = base fee + tip) in tx i+1.
 */
export function w7fFundedChain(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7f-funded-chain', opts, 1);
  ethRelay(b, 5);
  return b.build('w7f-funded-chain');
}

/**
 * W7g SSTORE gas depends on the slot's value at the start of the transaction (EIP-2200/2929/3529):
 * Slot.set(1) on a zero slot (20,000 + cold 2,100), then Slot.set(2) from another sender (original 1:
 * 2,900 + 2,100, i.e. 17,100 less), then Slot.set(0) (2,900 + 2,100, refund 4,800).
 */
export function w7gSstoreOriginal(opts: WorkloadOptions = {}): Workload {
  const { b } = setup('w7g-sstore-original', opts, 1);
  const slot = b.contract(CONTRACTS.Slot.runtime);
  for (const v of [1n, 2n, 0n]) b.tx(b.eoa(), slot, { data: calldata('set(uint256)', v), gasLimit: GAS.call });
  return b.build('w7g-sstore-original');
}

// --- registry ---------------------------------------------------------------------------------------

export type WorkloadGenerator = (opts?: WorkloadOptions) => Workload;

/** Every workload by name, with its default size. */
export const WORKLOADS: Record<string, WorkloadGenerator> = {
  'w1-transfers': w1Transfers,
  'w2-erc20-1token': w2Erc20OneToken,
  'w2-erc20-10tokens': w2Erc20TenTokens,
  'w3-swaps': w3Swaps,
  'w4-mix-hot0': w4MixHot0,
  'w4-mix-hot0.1': w4MixHot01,
  'w4-mix-hot0.3': w4MixHot03,
  'w5-chain': (o) => w5Chain(o),
  'w5-chain-eth': (o) => w5Chain({ ...o, kind: 'eth' }),
  'w6-nonce-chains': (o) => w6NonceChains(o),
  'w7a-coinbase': w7aCoinbase,
  'w7b-same-sender': w7bSameSender,
  'w7c-create': w7cCreate,
  'w7d-selfdestruct-cancun': w7dSelfdestructCancun,
  'w7d-selfdestruct-shanghai': w7dSelfdestructShanghai,
  'w7e-block-gas-exceeded': w7eBlockGasExceeded,
  'w7e-block-gas-fits': w7eBlockGasFits,
  'w7f-funded-chain': w7fFundedChain,
  'w7g-sstore-original': w7gSstoreOriginal,
};

/** All W7 hazard blocks. */
export function w7Hazards(opts: WorkloadOptions = {}): Workload[] {
  return Object.entries(WORKLOADS).filter(([n]) => n.startsWith('w7')).map(([, g]) => g(opts));
}

export { runSequential, blockEnv, type SequentialResult } from './sequential.js';
export { workloadToJson, workloadFromJson } from './json.js';

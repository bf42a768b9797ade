// Public API: createEvm / runCode / runTx, with the access sets.
import assert from 'node:assert/strict';
import { createEvm, plainLog } from '../../dist/index.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { encode } from '../../dist/rlp.js';

const hex = (s) => Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');

describe('createEvm / runCode', () => {
  let evm;
  before(async () => { evm = await createEvm({ fork: 'Cancun' }); });

  it('sees the block as it is at each call (the block environment is rewritten when it changes)', () => {
    // TIMESTAMP NUMBER ADD COINBASE ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    const code = hex('4243014101' + '60005260206000f3');
    const run = () => BigInt('0x' + toHex(evm.runCode({ code, gasLimit: 100000n }).output));
    const saved = { ...evm.block };
    try {
      assert.equal(run(), evm.block.timestamp + evm.block.number);
      evm.block.timestamp = 1000n; // the same object, changed in place
      assert.equal(run(), 1000n + evm.block.number);
      evm.block = { ...evm.block, number: 77n, coinbase: '00'.repeat(19) + '05' };
      assert.equal(run(), 1000n + 77n + 5n);
      assert.equal(run(), 1082n); // unchanged: the same answer
    } finally {
      evm.block = saved;
    }
    assert.equal(run(), saved.timestamp + saved.number);
  });

  it('returns output, gas used and status', () => {
    // PUSH1 0x2a PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    const r = evm.runCode({ code: hex('602a60005260206000f3'), gasLimit: 100000n });
    assert.equal(r.status, 'success');
    assert.equal(r.gasUsed, 3n + 3n + 3n + 3n + 3n + 3n); // pushes, MSTORE, one word of memory
    assert.equal(BigInt('0x' + toHex(r.output)), 42n);
  });

  it('reports exceptional halts by name and consumes all gas', () => {
    assert.equal(evm.runCode({ code: hex('01'), gasLimit: 1000n }).status, 'stack-underflow');
    const r = evm.runCode({ code: hex('fe'), gasLimit: 1000n });
    assert.equal(r.status, 'invalid-opcode');
    assert.equal(r.gasUsed, 1000n);
    assert.equal(evm.runCode({ code: hex('600056'), gasLimit: 1000n }).status, 'bad-jump');
    assert.equal(evm.runCode({ code: hex('5b600056'), gasLimit: 100n }).status, 'out-of-gas');
  });

  it('REVERT keeps the remaining gas and the output', () => {
    const r = evm.runCode({ code: hex('60016000526001601ffd'), gasLimit: 100000n });
    assert.equal(r.status, 'revert');
    assert.deepEqual([...r.output], [1]);
    assert.ok(r.gasUsed < 100n);
  });

  it('emits logs', () => {
    // PUSH1 0xaa PUSH1 0 MSTORE8 PUSH1 7 PUSH1 1 PUSH1 0 LOG1
    const r = evm.runCode({ code: hex('60aa600053600760016000a1'), gasLimit: 100000n });
    assert.equal(r.status, 'success');
    assert.equal(r.logs.length, 1);
    assert.deepEqual([...r.logs[0].data], [0xaa]);
    assert.equal(BigInt('0x' + toHex(r.logs[0].topics[0])), 7n);
    // plainLog: the same log with its fields as own properties (safe to spread, clone or post)
    const plain = plainLog(r.logs[0]);
    assert.deepEqual(structuredClone(plain), { address: r.logs[0].address, topics: r.logs[0].topics, data: r.logs[0].data });
  });

  it('survives absurd memory offsets with a clear status', () => {
    // MLOAD at 2^64-1
    const r = evm.runCode({ code: hex('67ffffffffffffffff51'), gasLimit: 10_000_000n });
    assert.equal(r.status, 'out-of-gas');
    assert.throws(() => evm.runCode({ code: hex('00'), gasLimit: -1n }), /gas -1 out of range/);
  });

  it('recurses to depth 1024 without a JS or Wasm stack overflow', () => {
    // ADDRESS-call itself with all gas; counts depth in storage slot 0 of the executing account
    // code: PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE; CALL(gas, address, 0, 0, 0, 0, 0)
    const code = hex('600054600101600055' + '6000600060006000600030' + '5a' + 'f1' + '00');
    const r = evm.runCode({ code, gasLimit: 0x7fffffffffffffffn });
    assert.equal(r.status, 'success');
  });
});

describe('runTx', () => {
  it('executes a signed legacy transaction and records read and write sets', async () => {
    const evm = await createEvm({ fork: 'Cancun' });
    const priv = hex('45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8');
    const sender = keccak_256(secp256k1.getPublicKey(priv, false).subarray(1)).subarray(12);
    const senderKey = toHex(sender);
    evm.state = (await import('../../dist/index.js')).MemoryState.fromJson({
      ['0x' + senderKey]: { balance: '0x' + (10n ** 18n).toString(16), nonce: '0x0' },
    });
    const to = hex('00000000000000000000000000000000000000aa');
    const fields = [0n, 10n, 21000n, to, 1000n, new Uint8Array(0)];
    const chainId = 1n;
    const sigHash = keccak_256(encode([...fields, chainId, 0n, 0n]));
    const sig = secp256k1.sign(sigHash, priv, { prehash: false, format: 'recovered' });
    const rec = BigInt(sig[0]);
    const r = BigInt('0x' + toHex(sig.subarray(1, 33)));
    const s = BigInt('0x' + toHex(sig.subarray(33, 65)));
    const raw = encode([...fields, chainId * 2n + 35n + rec, r, s]);
    const result = evm.runTx({ tx: raw, block: { baseFee: 7n } });
    assert.equal(result.valid, true, result.error);
    assert.equal(result.status, 'success');
    assert.equal(result.gasUsed, 21000n);
    assert.equal(result.reads.get(`n:${senderKey}`), 0n);
    assert.equal(result.writes.get(`n:${senderKey}`), 1n);
    // the recipient's balance was never read: the transfer is a commutative credit (d:), not an absolute write
    assert.equal(result.writes.get('d:00000000000000000000000000000000000000aa'), 1000n);
    assert.equal(result.reads.has('b:00000000000000000000000000000000000000aa'), false);
    assert.equal(evm.state.getAccount('00000000000000000000000000000000000000aa').balance, 1000n);
    const again = evm.runTx({ tx: raw });
    assert.equal(again.valid, false);
    assert.match(again.error, /nonce mismatch/);
  });
});

describe('runCode access sets', () => {
  it('reports the storage it read and wrote', async () => {
    const evm = await createEvm({ fork: 'Cancun' });
    // SLOAD(1) then SSTORE(2, 7)
    const r = evm.runCode({ code: hex('600154506007600255'), gasLimit: 100000n });
    assert.equal(r.status, 'success');
    const self = '2000000000000000000000000000000000000002';
    assert.ok([...r.writes.keys()].includes(`s:${self}:${'0'.repeat(63)}2`));
    assert.equal(r.writes.get(`s:${self}:${'0'.repeat(63)}2`), 7n);
  });
});

describe('host failures', () => {
  it('a state reader that throws mid-execution fails that call only; the code cache stays sound', async () => {
    const { MemoryState } = await import('../../dist/index.js');
    const evm = await createEvm({ fork: 'Cancun' });
    const sender = '00000000000000000000000000000000000000ee';
    const contract = '00000000000000000000000000000000000000cc';
    evm.state = MemoryState.fromJson({
      ['0x' + sender]: { balance: '0xffffffffffffffff', nonce: '0x0' },
      // SLOAD(0), then return 42
      ['0x' + contract]: { balance: '0x0', nonce: '0x1', code: '0x60005450602a60005260206000f3' },
    });
    const tx = {
      type: 2, chainId: 1n, nonce: 0n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, gasLimit: 100000n,
      to: hex(contract), value: 0n, data: new Uint8Array(0), accessList: [], v: 0n, r: 0n, s: 0n,
    };
    const getStorage = evm.state.getStorage.bind(evm.state), storageInto = evm.state.storageInto.bind(evm.state);
    let calls = 0; // the first SLOAD, inside the Wasm core, fails in the host (read in words when the reader can: storageInto)
    evm.state.getStorage = (a, k) => { if (a === contract && calls++ === 0) throw new Error('disk on fire'); return getStorage(a, k); };
    evm.state.storageInto = (a, ...rest) => { if (a === contract && calls++ === 0) throw new Error('disk on fire'); return storageInto(a, ...rest); };
    assert.throws(() => evm.runTx({ tx, sender: hex(sender) }), /disk on fire/);
    assert.equal(evm.state.getAccount(sender).nonce, 0n); // nothing committed
    const r = evm.runTx({ tx, sender: hex(sender) });
    assert.equal(r.status, 'success');
    assert.equal(BigInt('0x' + toHex(r.output)), 42n);
  });
});

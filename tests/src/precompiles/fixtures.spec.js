// Cross-check of the precompiles against the official state-test fixtures (execution-spec-tests).
//
// The fixtures are full state tests: a small contract copies the calldata, CALLs the precompile and
// SSTOREs the results (success flag, return data size, gas used, keccak of the output, output
// words). Until the EVM can run them, this file replays those contracts with a tiny interpreter that
// knows only the handful of opcodes they use, calls `runPrecompile` for the CALL, and compares the
// resulting storage with the fixture's post state.
//
// The MODEXP tests also deploy the return data as a contract (CREATE): its code is compared too.
//
// Gas is modelled only as far as these contracts need it: intrinsic gas, static opcode costs,
// memory expansion, CALL (100 warm from Berlin / 700 / 40), SSTORE (net metering) and the 63/64
// rule. A case whose outcome depends on a gas boundary the model may not hit exactly (a CALL
// forwarding "all gas" with the precompile cost within 5% of it, or the replayed frame running out
// of gas, which reverts it) only counts as passed when it agrees, otherwise as inconclusive.
// Cases the interpreter can't replay (other CREATEs, unknown opcodes, txs straight to a
// precompile, expected tx exceptions) are skipped and counted in the test title.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { getPrecompile, isPrecompile, runPrecompile } from '../../../dist/precompiles/index.js';
import { forkId } from '../../../dist/forks.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../ethereum-tests');

const GROUPS = [
  'EEST/state_tests/byzantium/eip196_ec_add_mul',
  'EEST/state_tests/byzantium/eip197_ec_pairing',
  'EEST/state_tests/byzantium/eip198_modexp_precompile',
  'EEST/state_tests/istanbul/eip152_blake2',
  'EEST/state_tests/cancun/eip4844_blobs:test_point_evaluation_precompile_gas_usage.json,test_valid_inputs.json,test_invalid_inputs.json,test_external_vectors.json,test_precompile_before_fork.json,test_call_opcode_types.json',
  'EEST/state_tests/prague/eip2537_bls_12_381_precompiles',
  'EEST/state_tests/osaka/eip7823_modexp_upper_bounds',
  'EEST/state_tests/osaka/eip7883_modexp_gas_increase',
  'EEST/state_tests/osaka/eip7951_p256verify_precompiles',
];

const hexToBytes = (h) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const toBig = (b) => (b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex')));
const bigTo32 = (n) => hexToBytes(n.toString(16).padStart(64, '0'));
const M256 = (1n << 256n) - 1n;
/** Init code prefix that returns the rest of itself: CODECOPY(0, 0x10, size - 0x10); RETURN. */
const CREATE_RETURNER = '601038036010600039601038036000f3';

class Unsupported extends Error {}
/** The replayed frame ran out of gas: its storage writes are reverted. */
class OutOfGas extends Error {}

/** Runs `code` as the tx target; returns { storage: Map<bigint,bigint>, inconclusive }. */
function replay(code, calldata, gasLimit, value, fork, preStorage) {
  const stack = [];
  let mem = new Uint8Array(0);
  let memWords = 0n;
  let returndata = new Uint8Array(0);
  const storage = new Map(preStorage);
  const warmSlots = new Set();
  const created = [];
  let inconclusive = false;
  // Intrinsic gas: 21000 + calldata bytes.
  let nonZeroCost = fork >= 7 ? 16n : 68n;
  let intrinsic = 21000n;
  for (const b of calldata) intrinsic += b === 0 ? 4n : nonZeroCost;
  let gas = gasLimit - intrinsic;
  if (gas < 0n) throw new Unsupported('intrinsic');

  const pop = () => {
    if (stack.length === 0) throw new Unsupported('stack underflow');
    return stack.pop();
  };
  const charge = (n) => {
    gas -= n;
    if (gas < 0n) throw new OutOfGas();
  };
  const expand = (off, size) => {
    if (size === 0n) return;
    const end = off + size;
    const words = (end + 31n) / 32n;
    if (words > memWords) {
      const cost = (w) => 3n * w + (w * w) / 512n;
      charge(cost(words) - cost(memWords));
      memWords = words;
      const next = new Uint8Array(Number(words * 32n));
      next.set(mem);
      mem = next;
    }
  };
  const copyTo = (dest, src, srcOff, size) => {
    for (let i = 0n; i < size; i++) {
      const s = srcOff + i;
      mem[Number(dest + i)] = s < BigInt(src.length) ? src[Number(s)] : 0;
    }
  };
  const callBase = fork >= 8 ? 100n : fork >= 2 ? 700n : 40n;

  for (let pc = 0; pc < code.length; ) {
    const op = code[pc];
    pc++;
    if (op >= 0x60 && op <= 0x7f) {
      const n = op - 0x5f;
      stack.push(toBig(code.subarray(pc, pc + n)));
      pc += n;
      charge(3n);
      continue;
    }
    if (op >= 0x80 && op <= 0x8f) {
      const i = op - 0x7f;
      if (stack.length < i) throw new Unsupported('dup');
      stack.push(stack[stack.length - i]);
      charge(3n);
      continue;
    }
    if (op >= 0x90 && op <= 0x9f) {
      const i = op - 0x8f;
      const top = stack.length - 1;
      if (top - i < 0) throw new Unsupported('swap');
      [stack[top], stack[top - i]] = [stack[top - i], stack[top]];
      charge(3n);
      continue;
    }
    switch (op) {
      case 0x00:
        return { storage, inconclusive, created };
      case 0x01: charge(3n); stack.push((pop() + pop()) & M256); break;
      case 0x02: charge(5n); stack.push((pop() * pop()) & M256); break;
      case 0x03: { charge(3n); const a = pop(); const b = pop(); stack.push((a - b) & M256); break; }
      case 0x14: charge(3n); stack.push(pop() === pop() ? 1n : 0n); break;
      case 0x15: charge(3n); stack.push(pop() === 0n ? 1n : 0n); break;
      case 0x20: {
        const off = pop(); const size = pop();
        charge(30n + 6n * ((size + 31n) / 32n));
        expand(off, size);
        stack.push(toBig(keccak_256(mem.subarray(Number(off), Number(off + size)))));
        break;
      }
      case 0x34: charge(2n); stack.push(value); break;
      case 0x35: { charge(3n); const off = pop(); const w = new Uint8Array(32); for (let i = 0; i < 32; i++) { const s = off + BigInt(i); w[i] = s < BigInt(calldata.length) ? calldata[Number(s)] : 0; } stack.push(toBig(w)); break; }
      case 0x36: charge(2n); stack.push(BigInt(calldata.length)); break;
      case 0x37: {
        const dest = pop(); const off = pop(); const size = pop();
        charge(3n + 3n * ((size + 31n) / 32n));
        expand(dest, size);
        copyTo(dest, calldata, off, size);
        break;
      }
      case 0x3d: charge(2n); stack.push(BigInt(returndata.length)); break;
      case 0x3e: {
        const dest = pop(); const off = pop(); const size = pop();
        if (off + size > BigInt(returndata.length)) throw new Unsupported('returndatacopy out of bounds');
        charge(3n + 3n * ((size + 31n) / 32n));
        expand(dest, size);
        copyTo(dest, returndata, off, size);
        break;
      }
      case 0x50: charge(2n); pop(); break;
      case 0x51: { charge(3n); const off = pop(); expand(off, 32n); stack.push(toBig(mem.subarray(Number(off), Number(off) + 32))); break; }
      case 0x52: { charge(3n); const off = pop(); const v = pop(); expand(off, 32n); mem.set(bigTo32(v), Number(off)); break; }
      case 0x55: {
        const key = pop(); const v = pop();
        const current = storage.get(key) ?? 0n;
        const original = preStorage.get(key) ?? 0n;
        let cost;
        if (fork >= 7) {
          // EIP-2200 (Istanbul) / EIP-2929 (Berlin): net metering with warm/cold slots.
          const noop = fork >= 8 ? 100n : 800n;
          if (current === v) cost = noop;
          else if (original === current) cost = original === 0n ? 20000n : fork >= 8 ? 2900n : 5000n;
          else cost = noop;
          if (fork >= 8 && !warmSlots.has(key)) cost += 2100n;
        } else {
          cost = current === 0n && v !== 0n ? 20000n : 5000n;
        }
        warmSlots.add(key);
        if (gas <= 2300n && fork >= 7) throw new OutOfGas();
        charge(cost);
        storage.set(key, v);
        break;
      }
      case 0x5a: charge(2n); stack.push(gas); break;
      case 0x5f: charge(2n); stack.push(0n); break;
      case 0xf1: case 0xf2: case 0xf4: case 0xfa: {
        const reqGas = pop(); const addr = pop();
        const callValue = op === 0xf1 || op === 0xf2 ? pop() : 0n;
        const argsOff = pop(); const argsSize = pop(); const retOff = pop(); const retSize = pop();
        if (addr > 0xffffn || (addr > 0x11n && addr !== 0x100n)) throw new Unsupported('call to non-precompile');
        let cost = callBase + (callValue > 0n ? 9000n : 0n);
        if (!isPrecompile(Number(addr), fork)) {
          // A precompile address before its fork is an ordinary empty account (cold from Berlin).
          if (callValue > 0n) throw new Unsupported('value call to empty account');
          expand(argsOff, argsSize);
          expand(retOff, retSize);
          charge(fork >= 8 ? 2600n : cost);
          returndata = new Uint8Array(0);
          stack.push(1n);
          break;
        }
        expand(argsOff, argsSize);
        expand(retOff, retSize);
        charge(cost);
        const allBut64 = gas - gas / 64n;
        const forwardsAll = reqGas >= allBut64;
        let callGas = fork >= 2 ? (reqGas < allBut64 ? reqGas : allBut64) : reqGas;
        if (callGas > gas) throw new Unsupported('call gas');
        gas -= callGas;
        if (callValue > 0n) callGas += 2300n;
        const input = mem.slice(Number(argsOff), Number(argsOff + argsSize));
        const res = runPrecompile(Number(addr), input, callGas, fork);
        // An outcome decided by a gas margin of < 5% under an "all gas" forward is not trusted.
        if (forwardsAll) {
          const gasUsed = getPrecompile(Number(addr)).gas(input, fork);
          const margin = callGas > gasUsed ? callGas - gasUsed : gasUsed - callGas;
          if (margin * 20n < callGas) inconclusive = true;
        }
        gas += callGas - res.gasUsed;
        returndata = res.output;
        if (res.ok) {
          const n = Number(retSize < BigInt(res.output.length) ? retSize : BigInt(res.output.length));
          mem.set(res.output.subarray(0, n), Number(retOff));
        }
        stack.push(res.ok ? 1n : 0n);
        break;
      }
      case 0xf0: {
        // Only the "deploy the return data as code" pattern of the MODEXP tests.
        const v = pop(); const off = pop(); const size = pop();
        if (v !== 0n) throw new Unsupported('create with value');
        expand(off, size);
        const init = mem.slice(Number(off), Number(off + size));
        if (!Buffer.from(init.subarray(0, 16)).equals(Buffer.from(CREATE_RETURNER, 'hex'))) throw new Unsupported('create');
        created.push(init.subarray(16));
        charge(32000n + 200n * BigInt(size - 16n));
        stack.push(1n);
        break;
      }
      default:
        throw new Unsupported(`opcode 0x${op.toString(16)}`);
    }
  }
  return { storage, inconclusive, created };
}

function collectCases() {
  const cases = [];
  for (const group of GROUPS) {
    const [dir, only] = group.split(':');
    const full = join(ROOT, dir);
    if (!existsSync(full)) continue;
    const files = only ? only.split(',').filter((f) => existsSync(join(full, f))) : readdirSync(full).filter((f) => f.endsWith('.json'));
    for (const f of files) cases.push({ dir, file: join(full, f), name: f });
  }
  return cases;
}

describe('precompiles: EEST state-test fixtures replayed', function () {
  this.timeout(600000);
  const files = collectCases();
  if (files.length === 0) {
    it.skip('fixtures not present (ethereum-tests/EEST/state_tests)');
    return;
  }
  for (const { dir, file, name } of files) {
    it(`${dir}/${name}`, function () {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      let passed = 0, skipped = 0, inconclusive = 0;
      const reasons = new Map();
      const failures = [];
      for (const [testName, t] of Object.entries(json)) {
        const tx = t.transaction;
        const to = tx.to;
        const code = to ? t.pre[to]?.code : undefined;
        for (const [forkName, posts] of Object.entries(t.post)) {
          let fork;
          try { fork = forkId(forkName); } catch { skipped += posts.length; continue; }
          for (const post of posts) {
            // (Fillings that carry only a state root have nothing to compare.)
            if (post.expectException || !post.state || !code || code === '0x') { skipped++; continue; }
            const data = hexToBytes(tx.data[post.indexes.data]);
            const gasLimit = BigInt(tx.gasLimit[post.indexes.gas]);
            const value = BigInt(tx.value[post.indexes.value]);
            const preStorage = new Map(Object.entries(t.pre[to].storage ?? {}).map(([k, v]) => [BigInt(k), BigInt(v)]));
            let result;
            try {
              result = replay(hexToBytes(code), data, gasLimit, value, fork, preStorage);
            } catch (e) {
              // The gas model is approximate, so an out-of-gas frame only counts when it agrees.
              if (e instanceof OutOfGas) {
                result = { storage: preStorage, inconclusive: true, created: [] };
              } else if (e instanceof Unsupported) {
                skipped++;
                reasons.set(e.message, (reasons.get(e.message) ?? 0) + 1);
                continue;
              } else {
                throw e;
              }
            }
            const expected = new Map();
            for (const [k, v] of Object.entries(post.state[to]?.storage ?? {})) if (BigInt(v) !== 0n) expected.set(BigInt(k), BigInt(v));
            const got = new Map([...result.storage].filter(([, v]) => v !== 0n));
            let same = expected.size === got.size && [...expected].every(([k, v]) => got.get(k) === v);
            // Contracts created by the replayed code: their code is the precompile's output.
            const newCode = Object.entries(post.state)
              .filter(([a, acc]) => !(a in t.pre) && acc.nonce === '0x01')
              .map(([, acc]) => acc.code.replace(/^0x/, ''));
            const gotCode = result.created.map((c) => Buffer.from(c).toString('hex'));
            if (newCode.length !== gotCode.length || newCode.some((c, i) => c !== gotCode[i])) {
              same = false;
            }
            if (same) passed++;
            else if (result.inconclusive) inconclusive++;
            else {
              const show = (m) => JSON.stringify(Object.fromEntries([...m].map(([k, v]) => [k.toString(16), v.toString(16)])));
              failures.push(`${testName} [${forkName} d${post.indexes.data}g${post.indexes.gas}]: expected ${show(expected)} got ${show(got)}`);
            }
          }
        }
      }
      this.test.title += ` (${passed} passed, ${skipped} skipped, ${inconclusive} inconclusive)`;
      if (process.env.FIXTURES_DEBUG && reasons.size) console.log('      skipped:', Object.fromEntries(reasons));
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} mismatches`);
    });
  }
});

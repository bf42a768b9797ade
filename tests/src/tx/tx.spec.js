// Unit tests for transaction encoding, signing hashes, sender/authority recovery, intrinsic gas and static
// validation, including the Prague/Osaka rules that the TransactionTests fixtures (Frontier..Cancun) do not reach.
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { decodeTx, encodeTx, txHash } from '../../../dist/tx/decode.js';
import { signingHash, recoverSender, authorityOf, SECP256K1_N } from '../../../dist/tx/signer.js';
import { intrinsicGas, floorDataGas } from '../../../dist/tx/intrinsic.js';
import { validateTxStatic } from '../../../dist/tx/validate.js';
import { Fork } from '../../../dist/forks.js';
import { encode } from '../../../dist/rlp.js';
import { bytesToHex, bytesToBigint, concatBytes, hexToBytes, keccak256 } from '../../../dist/bytes.js';

const KEY = hexToBytes('0x4646464646464646464646464646464646464646464646464646464646464646');
const ADDRESS = bytesToHex(keccak256(secp256k1.getPublicKey(KEY, false).subarray(1)).slice(12));
const TO = hexToBytes('0x3535353535353535353535353535353535353535');

/** Signs `hash`, returning [yParity, r, s]. */
function sign(hash, key = KEY) {
  const sig = secp256k1.sign(hash, key, { prehash: false, format: 'recovered' });
  return [BigInt(sig[0]), bytesToBigint(sig.subarray(1, 33)), bytesToBigint(sig.subarray(33))];
}

function signed(tx) {
  const [parity, r, s] = sign(signingHash(tx));
  const v = tx.type !== 0 ? parity : tx.chainId === null ? 27n + parity : 35n + 2n * tx.chainId + parity;
  return { ...tx, v, r, s };
}

const base = { chainId: 1n, nonce: 7n, gasLimit: 100000n, to: TO, value: 10n, data: hexToBytes('0x00ff'), accessList: [], v: 0n, r: 0n, s: 0n };
const accessList = [{ address: TO, storageKeys: [new Uint8Array(32), keccak256(new Uint8Array(1))] }];
const auth = (() => {
  const a = { chainId: 1n, address: TO, nonce: 3n };
  const [yParity, r, s] = sign(keccak256(concatBytes(Uint8Array.of(5), encode([a.chainId, a.address, a.nonce]))));
  return { ...a, yParity, r, s };
})();
const examples = {
  legacyPre155: { ...base, type: 0, chainId: null, gasPrice: 5n },
  legacy155: { ...base, type: 0, gasPrice: 5n },
  type1: { ...base, type: 1, gasPrice: 5n, accessList },
  type2: { ...base, type: 2, maxPriorityFeePerGas: 1n, maxFeePerGas: 9n, accessList },
  type3: { ...base, type: 3, maxPriorityFeePerGas: 1n, maxFeePerGas: 9n, maxFeePerBlobGas: 4n, blobVersionedHashes: [concatBytes(Uint8Array.of(1), new Uint8Array(31))] },
  type4: { ...base, type: 4, maxPriorityFeePerGas: 1n, maxFeePerGas: 9n, authorizationList: [auth] },
};

describe('tx: encode/decode/sign round trips', () => {
  for (const [name, unsigned] of Object.entries(examples)) {
    it(name, () => {
      const tx = signed(unsigned);
      const bytes = encodeTx(tx);
      if (tx.type > 0) assert.equal(bytes[0], tx.type);
      const back = decodeTx(bytes);
      assert.deepEqual(back, tx);
      assert.equal(bytesToHex(txHash(back)), bytesToHex(keccak256(bytes)));
      assert.equal(bytesToHex(recoverSender(back, Fork.Osaka)), ADDRESS);
      assert.equal(validateTxStatic(back, Fork.Osaka), null);
    });
  }

  it('EIP-155 example from the EIP (signing hash and v)', () => {
    // EIP-155: nonce 9, gasprice 20 gwei, gas 21000, to 0x3535…, value 1 ether, chainId 1, key 0x4646….
    const tx = { type: 0, chainId: 1n, nonce: 9n, gasPrice: 20n * 10n ** 9n, gasLimit: 21000n, to: TO, value: 10n ** 18n, data: new Uint8Array(0), accessList: [], v: 0n, r: 0n, s: 0n };
    assert.equal(bytesToHex(signingHash(tx)), '0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53');
    const s = signed(tx);
    assert.equal(s.v, 37n);
    assert.equal(bytesToHex(encodeTx(s)), '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83');
  });
});

describe('tx: signature rules', () => {
  const tx = signed(examples.legacyPre155);
  it('EIP-2: high s rejected from Homestead, accepted in Frontier', () => {
    const high = { ...tx, s: SECP256K1_N - tx.s, v: tx.v === 27n ? 28n : 27n };
    assert.equal(bytesToHex(recoverSender(high, Fork.Frontier)), ADDRESS);
    assert.throws(() => recoverSender(high, Fork.Homestead), /EIP-2/);
  });
  it('r and s ranges, v values', () => {
    assert.throws(() => recoverSender({ ...tx, r: 0n }, Fork.London), /r out of range/);
    assert.throws(() => recoverSender({ ...tx, r: SECP256K1_N }, Fork.London), /r out of range/);
    assert.throws(() => recoverSender({ ...tx, s: 0n }, Fork.London), /s out of range/);
    assert.throws(() => recoverSender({ ...tx, v: 29n }, Fork.London), /v = 29/);
    const t2 = signed(examples.type2);
    assert.throws(() => recoverSender({ ...t2, v: 2n }, Fork.London), /yParity/);
  });
  it('EIP-155 signatures need Spurious Dragon and the right chain', () => {
    const t = signed(examples.legacy155);
    assert.throws(() => recoverSender(t, Fork.TangerineWhistle), /Spurious Dragon/);
    assert.equal(bytesToHex(recoverSender(t, Fork.SpuriousDragon)), ADDRESS);
    assert.match(validateTxStatic(t, Fork.London, 5n), /chain id 1 \(expected 5\)/);
  });
  it('EIP-7702 authorityOf', () => {
    assert.equal(bytesToHex(authorityOf(auth)), ADDRESS);
    assert.equal(authorityOf({ ...auth, s: SECP256K1_N - auth.s, yParity: 1n - auth.yParity }), null); // s > n/2
    assert.equal(authorityOf({ ...auth, yParity: 2n }), null);
    assert.equal(authorityOf({ ...auth, r: 0n }), null);
    assert.notEqual(bytesToHex(authorityOf({ ...auth, nonce: 4n }) ?? new Uint8Array(0)), ADDRESS);
  });
});

describe('tx: intrinsic gas', () => {
  const data = hexToBytes('0x0000ff01'); // 2 zero, 2 nonzero bytes
  const call = { ...examples.legacyPre155, data };
  const create = { ...call, to: null, data: new Uint8Array(33) }; // 33 zero bytes = 2 words
  it('calldata: 68 per nonzero byte before Istanbul, 16 after (EIP-2028)', () => {
    assert.equal(intrinsicGas(call, Fork.Petersburg), 21000n + 8n + 136n);
    assert.equal(intrinsicGas(call, Fork.Istanbul), 21000n + 8n + 32n);
  });
  it('creation: +32000 from Homestead, +2 per initcode word from Shanghai (EIP-3860)', () => {
    assert.equal(intrinsicGas(create, Fork.Frontier), 21000n + 132n);
    assert.equal(intrinsicGas(create, Fork.Homestead), 53000n + 132n);
    assert.equal(intrinsicGas(create, Fork.Shanghai), 53000n + 132n + 4n);
  });
  it('access list (EIP-2930) and authorizations (EIP-7702)', () => {
    assert.equal(intrinsicGas({ ...examples.type1, data: new Uint8Array(0) }, Fork.Berlin), 21000n + 2400n + 2n * 1900n);
    assert.equal(intrinsicGas({ ...examples.type4, data: new Uint8Array(0) }, Fork.Prague), 21000n + 25000n);
  });
  it('EIP-7623 floor: 21000 + 10 per token from Prague', () => {
    assert.equal(floorDataGas(call, Fork.Cancun), 0n);
    assert.equal(floorDataGas(call, Fork.Prague), 21000n + 10n * (2n + 8n));
    const big = { ...examples.type2, accessList: [], data: new Uint8Array(1000).fill(1), gasLimit: 21000n + 16000n };
    assert.equal(validateTxStatic(big, Fork.Cancun), null);
    assert.match(validateTxStatic(big, Fork.Prague), /EIP-7623/);
    assert.equal(validateTxStatic({ ...big, gasLimit: 21000n + 40000n }, Fork.Prague), null);
  });
});

describe('tx: static validation', () => {
  const v = (tx, fork) => validateTxStatic(tx, fork);
  it('type per fork', () => {
    assert.match(v(examples.type1, Fork.Istanbul), /type 1 is not supported before Berlin/);
    assert.match(v(examples.type2, Fork.Berlin), /type 2/);
    assert.match(v(examples.type3, Fork.Shanghai), /type 3/);
    assert.match(v(examples.type4, Fork.Cancun), /type 4/);
    assert.equal(v(examples.type4, Fork.Prague), null);
  });
  it('ranges: nonce (EIP-2681), gas limit, fee order', () => {
    assert.match(v({ ...examples.type2, nonce: 2n ** 64n - 1n }, Fork.London), /EIP-2681/);
    assert.equal(v({ ...examples.type2, nonce: 2n ** 64n - 2n }, Fork.London), null);
    assert.match(v({ ...examples.type2, gasLimit: 2n ** 64n }, Fork.London), /2\^64/);
    assert.match(v({ ...examples.type2, maxPriorityFeePerGas: 10n }, Fork.London), /maxPriorityFeePerGas/);
    assert.match(v({ ...examples.type2, maxFeePerGas: 2n ** 255n, maxPriorityFeePerGas: 0n }, Fork.London), /overflows 256 bits/);
  });
  it('EIP-3860 initcode limit from Shanghai', () => {
    const tx = { ...examples.type2, to: null, data: new Uint8Array(49153), gasLimit: 1000000n };
    assert.equal(v(tx, Fork.Paris), null);
    assert.match(v(tx, Fork.Shanghai), /EIP-3860/);
    assert.equal(v({ ...tx, data: new Uint8Array(49152) }, Fork.Shanghai), null);
  });
  it('EIP-7825 gas limit cap in Osaka', () => {
    const tx = { ...examples.type2, gasLimit: 2n ** 24n + 1n };
    assert.equal(v(tx, Fork.Prague), null);
    assert.match(v(tx, Fork.Osaka), /EIP-7825/);
    assert.equal(v({ ...tx, gasLimit: 2n ** 24n }, Fork.Osaka), null);
  });
  it('blob transactions (EIP-4844, EIP-7691, EIP-7594)', () => {
    const hash = examples.type3.blobVersionedHashes[0];
    const blobs = (n) => ({ ...examples.type3, blobVersionedHashes: Array(n).fill(hash) });
    assert.match(v({ ...examples.type3, to: null }, Fork.Cancun), /cannot create/);
    assert.match(v(blobs(0), Fork.Cancun), /no blobs/);
    assert.match(v({ ...examples.type3, blobVersionedHashes: [new Uint8Array(32)] }, Fork.Cancun), /version byte 0x01/);
    assert.equal(v(blobs(6), Fork.Cancun), null);
    assert.match(v(blobs(7), Fork.Cancun), /more than a block can hold/);
    assert.equal(v(blobs(9), Fork.Prague), null);
    assert.match(v(blobs(7), Fork.Osaka), /EIP-7594/);
    assert.equal(v(blobs(6), Fork.Osaka), null);
  });
  it('set-code transactions (EIP-7702)', () => {
    assert.match(v({ ...examples.type4, to: null }, Fork.Prague), /cannot create/);
    assert.match(v({ ...examples.type4, authorizationList: [] }, Fork.Prague), /empty authorization list/);
  });
});

describe('tx: decode errors name the problem', () => {
  const good = encodeTx(signed(examples.type4));
  const mutate = (fn) => {
    const tx = signed({ ...examples.type4, authorizationList: [{ ...auth }] });
    fn(tx);
    return encodeTx(tx);
  };
  it('typed envelope and field shapes', () => {
    assert.throws(() => decodeTx(new Uint8Array(0)), /empty input/);
    assert.throws(() => decodeTx(Uint8Array.of(5, 0xc0)), /unsupported transaction type 5/);
    assert.throws(() => decodeTx(concatBytes(Uint8Array.of(2), good.subarray(1))), /type 2 needs 12 RLP fields, got 13/);
    assert.throws(() => decodeTx(concatBytes(good, Uint8Array.of(0))), /trailing/);
    assert.throws(() => decodeTx(mutate((t) => (t.authorizationList[0].address = new Uint8Array(19)))), /authorizationList\[0\] address must be 20 bytes/);
    assert.throws(() => decodeTx(mutate((t) => (t.authorizationList[0].nonce = 2n ** 64n))), /nonce overflows 64 bits/);
    assert.throws(() => decodeTx(mutate((t) => (t.authorizationList[0].yParity = 256n))), /yParity overflows 8 bits/);
    assert.throws(() => decodeTx(mutate((t) => (t.accessList = [{ address: TO, storageKeys: [new Uint8Array(31)] }]))), /storage key 0 must be 32 bytes/);
  });
  it('non-canonical integers', () => {
    // legacy list with nonce encoded as 0x8100 (leading zero)
    const tx = signed(examples.legacyPre155);
    const fields = [Uint8Array.of(0), tx.gasPrice, tx.gasLimit, tx.to, tx.value, tx.data, tx.v, tx.r, tx.s];
    assert.throws(() => decodeTx(encode(fields)), /nonce has leading zero bytes/);
  });
});

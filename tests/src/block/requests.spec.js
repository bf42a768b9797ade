// EIP-7685 requests hash and EIP-6110 deposit requests, with numbers worked from the EIPs.
import assert from 'node:assert/strict';
import { bytesToHex, hexToBytes, keccak256 } from '../../../dist/bytes.js';
import {
  DEPOSIT_CONTRACT_ADDRESS, DEPOSIT_EVENT_TOPIC, DEPOSIT_REQUEST_SIZE,
  extractDepositData, parseDepositRequests, buildRequests, computeRequestsHash,
} from '../../../dist/block/requests.js';

const word = (n) => hexToBytes('0x' + BigInt(n).toString(16).padStart(64, '0'));
const fill = (b, n) => new Uint8Array(n).fill(b);
const pad32 = (b) => { const out = new Uint8Array(Math.ceil(b.length / 32) * 32); out.set(b); return out; };
const cat = (...parts) => { const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } return out; };

// 32 ETH in Gwei = 32,000,000,000 = 0x0773594000, little-endian in 8 bytes (the deposit contract's to_little_endian_64)
const AMOUNT_LE = hexToBytes('0x0040597307000000');
const INDEX_LE = hexToBytes('0x0500000000000000'); // deposit index 5
const PUBKEY = fill(0x11, 48), WC = fill(0x22, 32), SIG = fill(0x33, 96);

/** DepositEvent(bytes pubkey, bytes withdrawal_credentials, bytes amount, bytes signature, bytes index), ABI-encoded. */
function depositEventData() {
  return cat(
    word(160), word(256), word(320), word(384), word(512),
    word(48), pad32(PUBKEY), word(32), WC, word(8), pad32(AMOUNT_LE), word(96), SIG, word(8), pad32(INDEX_LE),
  );
}
const depositLog = (data = depositEventData(), address = DEPOSIT_CONTRACT_ADDRESS, topic = DEPOSIT_EVENT_TOPIC) =>
  ({ address: hexToBytes('0x' + address), topics: [topic], data });

describe('EIP-7685 requests hash', () => {
  it('no requests: sha256 of the empty concatenation = e3b0c442...b855', () => {
    assert.equal(bytesToHex(computeRequestsHash([])), '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('requests with only a type byte are left out', () => {
    assert.equal(bytesToHex(computeRequestsHash([Uint8Array.of(0), Uint8Array.of(1), Uint8Array.of(2)])), '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('one withdrawal request 0x01 || 0xaa*32: sha256(sha256(request))', () => {
    const req = hexToBytes('0x01' + 'aa'.repeat(32));
    assert.equal(bytesToHex(computeRequestsHash([req])), '0x94e1d39a754fb3de5d763aa17efa432808892ab3ee118782b0ce5f09cde31218');
  });
  it('buildRequests: type order 0, 1, 2, empty data left out', () => {
    const r = buildRequests(new Uint8Array(0), Uint8Array.of(0xaa), Uint8Array.of(0xbb, 0xcc));
    assert.deepEqual(r.map(bytesToHex), ['0x01aa', '0x02bbcc']);
    assert.deepEqual(buildRequests(new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)), []);
    assert.deepEqual(buildRequests(Uint8Array.of(1), new Uint8Array(0), new Uint8Array(0)).map(bytesToHex), ['0x0001']);
  });
});

describe('EIP-6110 deposit requests', () => {
  it('the event topic is keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)")', () => {
    assert.equal(bytesToHex(DEPOSIT_EVENT_TOPIC), bytesToHex(keccak256(new TextEncoder().encode('DepositEvent(bytes,bytes,bytes,bytes,bytes)'))));
    assert.equal(DEPOSIT_CONTRACT_ADDRESS, '00000000219ab540356cbb839cbe05303d7705fa');
  });
  it('a 576-byte DepositEvent decodes to the 192-byte request pubkey || wc || amount || signature || index', () => {
    const data = depositEventData();
    assert.equal(data.length, 576);
    const req = extractDepositData(data);
    assert.equal(req.length, DEPOSIT_REQUEST_SIZE);
    assert.equal(req.length, 192);
    assert.equal(bytesToHex(req), '0x' + '11'.repeat(48) + '22'.repeat(32) + '0040597307000000' + '33'.repeat(96) + '0500000000000000');
  });
  it('layout validation: length, offsets and sizes', () => {
    assert.throws(() => extractDepositData(depositEventData().subarray(0, 575)), /data length 575, expected 576/);
    const badOffset = depositEventData(); badOffset.set(word(161), 0);
    assert.throws(() => extractDepositData(badOffset), /pubkey offset 161, expected 160/);
    const badIndexOffset = depositEventData(); badIndexOffset.set(word(0), 128);
    assert.throws(() => extractDepositData(badIndexOffset), /index offset 0, expected 512/);
    const badSize = depositEventData(); badSize.set(word(47), 160);
    assert.throws(() => extractDepositData(badSize), /pubkey size 47, expected 48/);
    const badAmount = depositEventData(); badAmount.set(word(9), 320);
    assert.throws(() => extractDepositData(badAmount), /amount size 9, expected 8/);
    const badSig = depositEventData(); badSig.set(word(95), 384);
    assert.throws(() => extractDepositData(badSig), /signature size 95, expected 96/);
  });
  it('only logs of the deposit contract with the DepositEvent topic count, concatenated in order', () => {
    const other = depositEventData(); other.set(INDEX_LE.map((b, i) => (i === 0 ? 6 : b)), 544); // index 6
    const logs = [
      depositLog(),
      depositLog(depositEventData(), '00000000000000000000000000000000000000aa'), // another address
      depositLog(new Uint8Array(3), DEPOSIT_CONTRACT_ADDRESS, new Uint8Array(32)), // another event: not parsed
      { address: hexToBytes('0x' + DEPOSIT_CONTRACT_ADDRESS), topics: [], data: new Uint8Array(0) }, // no topic
      depositLog(other),
    ];
    const out = parseDepositRequests(logs);
    assert.equal(out.length, 384);
    assert.equal(out[184], 5);
    assert.equal(out[192 + 184], 6);
    assert.equal(parseDepositRequests([]).length, 0);
    assert.equal(parseDepositRequests(logs, '0x00000000000000000000000000000000000000AA').length, 192);
  });
  it('a malformed deposit log makes the block invalid', () => {
    assert.throws(() => parseDepositRequests([depositLog(new Uint8Array(576))]), /invalid deposit event/);
  });
  it('requests hash of one deposit: sha256(sha256(0x00 || request))', async () => {
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const deposits = parseDepositRequests([depositLog()]);
    const requests = buildRequests(deposits, new Uint8Array(0), new Uint8Array(0));
    assert.equal(requests.length, 1);
    assert.equal(requests[0].length, 193);
    assert.equal(requests[0][0], 0);
    assert.equal(bytesToHex(computeRequestsHash(requests)), bytesToHex(sha256(sha256(requests[0]))));
  });
});

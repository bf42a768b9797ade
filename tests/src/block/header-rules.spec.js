// EIP-4844 / EIP-7691 excess blob gas, EIP-7918 (Osaka) reserve price, EIP-7934 (Osaka) block size cap:
// numbers worked by hand from the EIPs.
import assert from 'node:assert/strict';
import { Fork } from '../../../dist/forks.js';
import { blobBaseFee } from '../../../dist/block/blob.js';
import {
  GAS_PER_BLOB, BLOB_BASE_COST, MAX_BLOCK_SIZE, SAFETY_MARGIN, MAX_RLP_BLOCK_SIZE,
  targetBlobGasPerBlock, maxBlobGasPerBlock, calculateExcessBlobGas, checkExcessBlobGas, checkBlobGasUsed, checkBlockSize,
} from '../../../dist/block/header-rules.js';

const blobs = (n) => BigInt(n) * 131072n;

describe('header rules: constants', () => {
  it('GAS_PER_BLOB = 2^17, BLOB_BASE_COST = 2^13, 10 MiB - 2 MiB', () => {
    assert.equal(GAS_PER_BLOB, 131072n);
    assert.equal(BLOB_BASE_COST, 8192n);
    assert.equal(MAX_BLOCK_SIZE, 10_485_760);
    assert.equal(SAFETY_MARGIN, 2_097_152);
    assert.equal(MAX_RLP_BLOCK_SIZE, 8_388_608);
  });
  it('blob schedule: Cancun target 3 / max 6 blobs, Prague and Osaka 6 / 9 (EIP-7691)', () => {
    assert.equal(targetBlobGasPerBlock(Fork.Cancun), 393216n);
    assert.equal(maxBlobGasPerBlock(Fork.Cancun), 786432n);
    assert.equal(targetBlobGasPerBlock(Fork.Prague), 786432n);
    assert.equal(maxBlobGasPerBlock(Fork.Prague), 1179648n);
    assert.equal(targetBlobGasPerBlock(Fork.Osaka), 786432n);
    assert.equal(maxBlobGasPerBlock(Fork.Osaka), 1179648n);
  });
});

describe('header rules: EIP-4844 excess blob gas (Cancun, Prague)', () => {
  it('before Cancun: 0', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 10n ** 9n, blobGasUsed: blobs(6) }, Fork.Shanghai), 0n);
  });
  it('fork block (parent without blob fields): 0', () => {
    assert.equal(calculateExcessBlobGas({}, Fork.Cancun), 0n);
  });
  it('Cancun: at target (3 blobs) with no excess -> 0', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: blobs(3) }, Fork.Cancun), 0n);
  });
  it('Cancun: above target (6 blobs) -> 786432 - 393216 = 393216', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: blobs(6) }, Fork.Cancun), 393216n);
  });
  it('Cancun: below target, sum under target -> 0 (100000 + 131072 < 393216)', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 100000n, blobGasUsed: blobs(1) }, Fork.Cancun), 0n);
  });
  it('Cancun: below target, sum over target -> 500000 + 131072 - 393216 = 237856', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 500000n, blobGasUsed: blobs(1) }, Fork.Cancun), 237856n);
  });
  it('6 blobs: above target in Cancun (393216), at target in Prague (0)', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: blobs(6) }, Fork.Cancun), 393216n);
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: blobs(6) }, Fork.Prague), 0n);
  });
  it('Prague: 9 blobs (max) -> 1179648 - 786432 = 393216', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: blobs(9) }, Fork.Prague), 393216n);
  });
  it('excess 1000000 + 3 blobs: Prague 1393216 - 786432 = 606784, Cancun 1393216 - 393216 = 1000000', () => {
    const parent = { excessBlobGas: 1_000_000n, blobGasUsed: blobs(3) };
    assert.equal(calculateExcessBlobGas(parent, Fork.Prague), 606784n);
    assert.equal(calculateExcessBlobGas(parent, Fork.Cancun), 1_000_000n);
  });
  it('Prague ignores the base fee (no EIP-7918)', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 1_000_000n, blobGasUsed: blobs(6), baseFeePerGas: 10n ** 12n }, Fork.Prague), 1_000_000n);
  });
});

describe('header rules: EIP-7918 reserve price (Osaka)', () => {
  // excess 1,000,000: blob base fee = fake_exponential(1, 1e6, 5007716) = floor(e^0.1997) = 1,
  // so the condition is 8192 * baseFee > 131072 * 1, i.e. baseFee > 16.
  it('blob base fee at excess 1,000,000 is 1; at 20,000,000 it is 54 (floor e^3.994)', () => {
    assert.equal(blobBaseFee(1_000_000n, Fork.Osaka), 1n);
    assert.equal(blobBaseFee(20_000_000n, Fork.Osaka), 54n);
  });
  it('not taken at base fee 16 (8192*16 = 131072, not >): 1000000 + 786432 - 786432 = 1000000', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 1_000_000n, blobGasUsed: blobs(6), baseFeePerGas: 16n }, Fork.Osaka), 1_000_000n);
  });
  it('taken at base fee 17 (139264 > 131072): 1000000 + 786432 * 3 / 9 = 1262144', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 1_000_000n, blobGasUsed: blobs(6), baseFeePerGas: 17n }, Fork.Osaka), 1_262_144n);
  });
  it('excess 20,000,000 + 3 blobs: base fee 864 not taken (19606784), 865 taken (20131072)', () => {
    // 131072 * 54 = 7077888 = 8192 * 864
    const parent = { excessBlobGas: 20_000_000n, blobGasUsed: blobs(3) };
    assert.equal(calculateExcessBlobGas({ ...parent, baseFeePerGas: 864n }, Fork.Osaka), 20_000_000n + 393216n - 786432n);
    assert.equal(calculateExcessBlobGas({ ...parent, baseFeePerGas: 864n }, Fork.Osaka), 19_606_784n);
    assert.equal(calculateExcessBlobGas({ ...parent, baseFeePerGas: 865n }, Fork.Osaka), 20_131_072n);
  });
  it('below target stays 0 whatever the base fee', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: blobs(1), baseFeePerGas: 10n ** 12n }, Fork.Osaka), 0n);
  });
  it('at the max (9 blobs) both branches give 1393216: 1e6 + 1179648 - 786432 = 1e6 + 1179648 / 3', () => {
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 1_000_000n, blobGasUsed: blobs(9), baseFeePerGas: 16n }, Fork.Osaka), 1_393_216n);
    assert.equal(calculateExcessBlobGas({ excessBlobGas: 1_000_000n, blobGasUsed: blobs(9), baseFeePerGas: 17n }, Fork.Osaka), 1_393_216n);
  });
  it('checkExcessBlobGas accepts the computed value and names the mismatch otherwise', () => {
    const parent = { excessBlobGas: 1_000_000n, blobGasUsed: blobs(6), baseFeePerGas: 17n };
    checkExcessBlobGas({ number: 1n, excessBlobGas: 1_262_144n }, parent, Fork.Osaka);
    assert.throws(() => checkExcessBlobGas({ number: 1n, excessBlobGas: 1_000_000n }, parent, Fork.Osaka), /excessBlobGas 1000000 differs from 1262144/);
    checkExcessBlobGas({ number: 1n, excessBlobGas: 1_000_000n }, parent, Fork.Prague);
  });
});

describe('header rules: blob gas used', () => {
  it('whole blobs up to the fork maximum', () => {
    checkBlobGasUsed(blobs(6), Fork.Cancun);
    assert.throws(() => checkBlobGasUsed(blobs(7), Fork.Cancun), /exceeds the maximum 786432/);
    checkBlobGasUsed(blobs(9), Fork.Prague);
    assert.throws(() => checkBlobGasUsed(blobs(10), Fork.Prague), /exceeds the maximum 1179648/);
    assert.throws(() => checkBlobGasUsed(131073n, Fork.Prague), /not a multiple/);
  });
});

describe('header rules: EIP-7934 block size (Osaka)', () => {
  it('8,388,608 bytes pass, 8,388,609 fail in Osaka', () => {
    checkBlockSize(8_388_608, Fork.Osaka);
    checkBlockSize(8_388_607n, Fork.Osaka);
    assert.throws(() => checkBlockSize(8_388_609, Fork.Osaka), /exceeds MAX_RLP_BLOCK_SIZE 8388608/);
    assert.throws(() => checkBlockSize(MAX_BLOCK_SIZE, Fork.Osaka), /EIP-7934/);
  });
  it('no cap before Osaka', () => {
    checkBlockSize(8_388_609, Fork.Prague);
    checkBlockSize(100_000_000, Fork.Cancun);
  });
});

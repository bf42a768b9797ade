/** Transaction (de)serialization: legacy RLP lists and EIP-2718 typed envelopes (types 1–4). */
import { bytesToBigint, bytesToHex, concatBytes, keccak256, NO_BYTES } from '../bytes.js';
import { decode, encode, type RlpInput, type RlpItem } from '../rlp.js';
import type { AccessListItem, Authorization, Transaction, TxType } from './types.js';

/**
 * Decodes a signed transaction (block form; EIP-4844 network wrappers with blobs are not accepted), checking field
 * shapes and canonical integers. `data` and other byte fields are views of `bytes`. Fork rules: validateTxStatic.
 */
export function decodeTx(bytes: Uint8Array): Transaction {
  if (bytes.length === 0) throw new Error('transaction: empty input');
  const first = bytes[0];
  if (first >= 0xc0) return decodeLegacy(rlpList(bytes, 'legacy transaction'));
  if (first > 0x7f) {
    throw new Error(`transaction: unsupported transaction type: leading byte 0x${first.toString(16)} is neither an RLP list nor an EIP-2718 type (0x00-0x7f)`);
  }
  if (first < 1 || first > 4) throw new Error(`transaction: unsupported transaction type ${first}`);
  const type = first as TxType;
  const f = rlpList(bytes.subarray(1), `type ${type} transaction payload`);
  const expected = [0, 11, 12, 14, 13][type];
  if (f.length !== expected) {
    throw new Error(`transaction: type ${type} needs ${expected} RLP fields, got ${f.length} (too ${f.length < expected ? 'few' : 'many'} elements)`);
  }
  const tx: Transaction = {
    type,
    chainId: uint(f[0], 'chainId'),
    nonce: uint(f[1], 'nonce'),
    gasLimit: 0n,
    to: null,
    value: 0n,
    data: NO_BYTES,
    accessList: [],
    v: 0n,
    r: 0n,
    s: 0n,
  };
  let i = 2;
  if (type === 1) {
    tx.gasPrice = uint(f[i++], 'gasPrice');
  } else {
    tx.maxPriorityFeePerGas = uint(f[i++], 'maxPriorityFeePerGas');
    tx.maxFeePerGas = uint(f[i++], 'maxFeePerGas');
  }
  tx.gasLimit = uint(f[i++], 'gasLimit');
  tx.to = toField(f[i++]);
  tx.value = uint(f[i++], 'value');
  tx.data = str(f[i++], 'data');
  tx.accessList = accessList(f[i++]);
  if (type === 3) {
    tx.maxFeePerBlobGas = uint(f[i++], 'maxFeePerBlobGas');
    tx.blobVersionedHashes = list(f[i++], 'blobVersionedHashes').map((h, j) => fixed(h, 32, `blobVersionedHashes[${j}]`));
  }
  if (type === 4) tx.authorizationList = list(f[i++], 'authorizationList').map(authorization);
  tx.v = uint(f[i++], 'yParity');
  tx.r = uint(f[i++], 'r');
  tx.s = uint(f[i++], 's');
  return tx;
}

/** Legacy [nonce, gasPrice, gasLimit, to, value, data, v, r, s]; chainId derived from v per EIP-155. */
function decodeLegacy(f: RlpItem[]): Transaction {
  if (f.length !== 9) {
    throw new Error(`transaction: legacy transaction needs 9 RLP fields, got ${f.length} (too ${f.length < 9 ? 'few' : 'many'} elements)`);
  }
  const v = uint(f[6], 'v');
  return {
    type: 0,
    chainId: v >= 35n ? (v - 35n) / 2n : null,
    nonce: uint(f[0], 'nonce'),
    gasPrice: uint(f[1], 'gasPrice'),
    gasLimit: uint(f[2], 'gasLimit'),
    to: toField(f[3]),
    value: uint(f[4], 'value'),
    data: str(f[5], 'data'),
    accessList: [],
    v,
    r: uint(f[7], 'r'),
    s: uint(f[8], 's'),
  };
}

function rlpList(bytes: Uint8Array, what: string): RlpItem[] {
  let item: RlpItem;
  try {
    item = decode(bytes);
  } catch (e) {
    throw new Error(`transaction: invalid RLP in ${what}: ${(e as Error).message}`);
  }
  if (!Array.isArray(item)) throw new Error(`transaction: ${what} must be an RLP list, got a byte string`);
  return item;
}

function str(item: RlpItem, name: string): Uint8Array {
  if (Array.isArray(item)) throw new Error(`transaction: ${name} must be a byte string, got a list`);
  return item;
}

function list(item: RlpItem, name: string): RlpItem[] {
  if (!Array.isArray(item)) throw new Error(`transaction: ${name} must be a list, got a byte string`);
  return item;
}

/** Canonical unsigned integer: no leading zero bytes, at most `maxBits` (a multiple of 8, default 256) bits. */
function uint(item: RlpItem, name: string, maxBits = 256): bigint {
  const b = str(item, name);
  if (b.length > 0 && b[0] === 0) throw new Error(`transaction: ${name} has leading zero bytes (non-canonical integer ${bytesToHex(b)})`);
  if (b.length > maxBits / 8) throw new Error(`transaction: ${name} overflows ${maxBits} bits (${b.length} bytes)`);
  return bytesToBigint(b);
}

function fixed(item: RlpItem, len: number, name: string): Uint8Array {
  const b = str(item, name);
  if (b.length !== len) throw new Error(`transaction: ${name} must be ${len} bytes, got ${b.length} (too ${b.length < len ? 'short' : 'long'})`);
  return b;
}

/** `to`: empty string for contract creation, else exactly a 20-byte address. */
function toField(item: RlpItem): Uint8Array | null {
  const b = str(item, 'to');
  return b.length === 0 ? null : fixed(b, 20, 'to address');
}

/** EIP-2930 access list [[address, [storageKey, ...]], ...]. */
function accessList(item: RlpItem): AccessListItem[] {
  return list(item, 'accessList').map((entry, i) => {
    const e = list(entry, `accessList[${i}]`);
    if (e.length !== 2) throw new Error(`transaction: accessList[${i}] must be [address, storageKeys], got ${e.length} elements`);
    return {
      address: fixed(e[0], 20, `accessList[${i}] address`),
      storageKeys: list(e[1], `accessList[${i}] storageKeys`).map((k, j) => fixed(k, 32, `accessList[${i}] storage key ${j}`)),
    };
  });
}

/** EIP-7702 authorization tuple with its field bounds (nonce < 2^64, y_parity < 2^8). */
function authorization(item: RlpItem, i: number): Authorization {
  const a = list(item, `authorizationList[${i}]`);
  if (a.length !== 6) throw new Error(`transaction: authorizationList[${i}] needs 6 fields [chainId, address, nonce, yParity, r, s], got ${a.length}`);
  return {
    chainId: uint(a[0], `authorizationList[${i}] chainId`),
    address: fixed(a[1], 20, `authorizationList[${i}] address`),
    nonce: uint(a[2], `authorizationList[${i}] nonce`, 64),
    yParity: uint(a[3], `authorizationList[${i}] yParity`, 8),
    r: uint(a[4], `authorizationList[${i}] r`),
    s: uint(a[5], `authorizationList[${i}] s`),
  };
}

/** The fields covered by the signature, in wire order (without v/y_parity, r, s). */
export function unsignedFields(tx: Transaction): RlpInput[] {
  const to = tx.to ?? NO_BYTES;
  if (tx.type === 0) return [tx.nonce, req(tx.gasPrice, 'gasPrice'), tx.gasLimit, to, tx.value, tx.data];
  const chainId = req(tx.chainId ?? undefined, 'chainId');
  const access = tx.accessList.map((e) => [e.address, e.storageKeys]);
  if (tx.type === 1) return [chainId, tx.nonce, req(tx.gasPrice, 'gasPrice'), tx.gasLimit, to, tx.value, tx.data, access];
  const fees = [req(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas'), req(tx.maxFeePerGas, 'maxFeePerGas')];
  const common: RlpInput[] = [chainId, tx.nonce, ...fees, tx.gasLimit, to, tx.value, tx.data, access];
  if (tx.type === 2) return common;
  if (tx.type === 3) return [...common, req(tx.maxFeePerBlobGas, 'maxFeePerBlobGas'), req(tx.blobVersionedHashes, 'blobVersionedHashes')];
  const auths = req(tx.authorizationList, 'authorizationList').map((a) => [a.chainId, a.address, a.nonce, a.yParity, a.r, a.s]);
  return [...common, auths];
}

function req<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`transaction: ${name} is required for this transaction type`);
  return value;
}

/** Canonical serialization: rlp(fields) for legacy, type || rlp(fields) for typed (EIP-2718). */
export function encodeTx(tx: Transaction): Uint8Array {
  const body = encode([...unsignedFields(tx), tx.v, tx.r, tx.s]);
  return tx.type === 0 ? body : concatBytes(Uint8Array.of(tx.type), body);
}

/** Transaction hash: keccak256 of the canonical serialization. */
export function txHash(tx: Transaction): Uint8Array {
  return keccak256(encodeTx(tx));
}

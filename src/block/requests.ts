/**
 * EIP-7685 execution layer requests and EIP-6110 deposit requests.
 *
 * A request is `request_type || request_data`. The block's requests, in ascending type order, are:
 * 0x00 deposits (EIP-6110, from the deposit contract's DepositEvent logs), 0x01 withdrawal requests
 * (EIP-7002 system call output), 0x02 consolidation requests (EIP-7251 system call output); a type
 * with empty data is left out. The header commits to them with
 * `requestsHash = sha256(sha256(r_0) || sha256(r_1) || ...)`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Log } from '../state/types.js';
import { bytesToHex, concatBytes, hexToBytes } from '../bytes.js';

export const DEPOSIT_REQUEST_TYPE = 0x00;
export const WITHDRAWAL_REQUEST_TYPE = 0x01;
export const CONSOLIDATION_REQUEST_TYPE = 0x02;

/** Mainnet deposit contract (EIP-6110 DEPOSIT_CONTRACT_ADDRESS), 40-hex key. */
export const DEPOSIT_CONTRACT_ADDRESS = '00000000219ab540356cbb839cbe05303d7705fa';
/** keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)"). */
export const DEPOSIT_EVENT_TOPIC = hexToBytes('0x649bbc62d0e31342afea4e5cd82d4049e7e1ee912fc0889aa790803be39038c5');

/** ABI layout of the DepositEvent data: five dynamic `bytes`, 576 bytes in all. */
const DEPOSIT_EVENT_LENGTH = 576;
const DEPOSIT_FIELDS: { name: string; offset: number; size: number }[] = [
  { name: 'pubkey', offset: 160, size: 48 },
  { name: 'withdrawal_credentials', offset: 256, size: 32 },
  { name: 'amount', offset: 320, size: 8 },
  { name: 'signature', offset: 384, size: 96 },
  { name: 'index', offset: 512, size: 8 },
];
/** pubkey (48) + withdrawal credentials (32) + amount (8, little-endian Gwei) + signature (96) + index (8). */
export const DEPOSIT_REQUEST_SIZE = 192;

function word(data: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = at; i < at + 32; i++) v = (v << 8n) | BigInt(data[i]);
  return v;
}

/**
 * The 192-byte deposit request of one DepositEvent's data. The layout is validated as EIP-6110
 * specifies (length 576, each head offset and each length prefix as the ABI encoder writes them);
 * anything else throws (the block is invalid).
 */
export function extractDepositData(data: Uint8Array): Uint8Array {
  if (data.length !== DEPOSIT_EVENT_LENGTH) throw new Error(`invalid deposit event: data length ${data.length}, expected ${DEPOSIT_EVENT_LENGTH}`);
  const out = new Uint8Array(DEPOSIT_REQUEST_SIZE);
  let pos = 0;
  DEPOSIT_FIELDS.forEach((f, i) => {
    const offset = word(data, 32 * i);
    if (offset !== BigInt(f.offset)) throw new Error(`invalid deposit event: ${f.name} offset ${offset}, expected ${f.offset}`);
    const size = word(data, f.offset);
    if (size !== BigInt(f.size)) throw new Error(`invalid deposit event: ${f.name} size ${size}, expected ${f.size}`);
    out.set(data.subarray(f.offset + 32, f.offset + 32 + f.size), pos);
    pos += f.size;
  });
  return out;
}

/**
 * The deposit request data of a block: the concatenated requests of every log emitted by
 * `depositContract` whose first topic is DEPOSIT_EVENT_TOPIC, in log order.
 */
export function parseDepositRequests(logs: Iterable<Log>, depositContract: string = DEPOSIT_CONTRACT_ADDRESS): Uint8Array {
  const key = depositContract.toLowerCase().replace(/^0x/, '');
  const parts: Uint8Array[] = [];
  for (const log of logs) {
    if (bytesToHex(log.address).slice(2) !== key) continue;
    if (log.topics.length === 0 || bytesToHex(log.topics[0]) !== bytesToHex(DEPOSIT_EVENT_TOPIC)) continue;
    parts.push(extractDepositData(log.data));
  }
  return concatBytes(...parts);
}

/** The block's requests (`type || data`) in type order, leaving out the types with empty data. */
export function buildRequests(deposits: Uint8Array, withdrawals: Uint8Array, consolidations: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const add = (type: number, data: Uint8Array) => { if (data.length > 0) out.push(concatBytes(Uint8Array.of(type), data)); };
  add(DEPOSIT_REQUEST_TYPE, deposits);
  add(WITHDRAWAL_REQUEST_TYPE, withdrawals);
  add(CONSOLIDATION_REQUEST_TYPE, consolidations);
  return out;
}

/**
 * EIP-7685 commitment: sha256 of the concatenated sha256 of each request (`type || data`). Requests
 * with no data (only the type byte, or nothing) are excluded, as the EIP requires.
 */
export function computeRequestsHash(requests: readonly Uint8Array[]): Uint8Array {
  const hashes = requests.filter((r) => r.length > 1).map((r) => sha256(r));
  return sha256(concatBytes(...hashes));
}

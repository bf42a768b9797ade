/** Intrinsic gas (charged before execution) and the EIP-7623 calldata floor. */
import { Fork } from '../forks.js';
import type { Transaction } from './types.js';

/** Tokens per EIP-7623: zero bytes count 1, nonzero bytes 4. */
function calldataCounts(data: Uint8Array): { zeros: bigint; nonzeros: bigint } {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return { zeros: BigInt(zeros), nonzeros: BigInt(data.length - zeros) };
}

/**
 * 21000, +32000 for creation from Homestead (EIP-2), calldata 4 per zero byte and 68 per nonzero byte
 * (16 from Istanbul, EIP-2028), access list 2400 per address + 1900 per storage key (EIP-2930),
 * initcode 2 per 32-byte word on creation from Shanghai (EIP-3860), 25000 per authorization (EIP-7702).
 */
export function intrinsicGas(tx: Transaction, fork: number): bigint {
  const { zeros, nonzeros } = calldataCounts(tx.data);
  let gas = 21000n + 4n * zeros + (fork >= Fork.Istanbul ? 16n : 68n) * nonzeros;
  if (tx.to === null) {
    if (fork >= Fork.Homestead) gas += 32000n;
    if (fork >= Fork.Shanghai) gas += 2n * BigInt(Math.ceil(tx.data.length / 32));
  }
  for (const item of tx.accessList) gas += 2400n + 1900n * BigInt(item.storageKeys.length);
  if (tx.authorizationList) gas += 25000n * BigInt(tx.authorizationList.length);
  return gas;
}

/** EIP-7623 (Prague+): the minimum gas a transaction is charged, 21000 + 10 * tokens; 0 before Prague. */
export function floorDataGas(tx: Transaction, fork: number): bigint {
  if (fork < Fork.Prague) return 0n;
  const { zeros, nonzeros } = calldataCounts(tx.data);
  return 21000n + 10n * (zeros + 4n * nonzeros);
}

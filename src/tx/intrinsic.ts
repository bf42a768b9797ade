/** Intrinsic gas (charged before execution) and the EIP-7623 calldata floor. */
import { Fork } from '../forks.js';
import type { Transaction } from './types.js';

// Gas is summed as a Number (exact: any real transaction stays far below 2^53) and made a BigInt once,
// so a transaction costs no BigInt arithmetic here.

/** Zero bytes of calldata (the rest are nonzero). */
function zeroBytes(data: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return zeros;
}

/**
 * 21000, +32000 for creation from Homestead (EIP-2), calldata 4 per zero byte and 68 per nonzero byte
 * (16 from Istanbul, EIP-2028), access list 2400 per address + 1900 per storage key (EIP-2930),
 * initcode 2 per 32-byte word on creation from Shanghai (EIP-3860), 25000 per authorization (EIP-7702).
 */
export function intrinsicGas(tx: Transaction, fork: number): bigint {
  const zeros = zeroBytes(tx.data), nonzeros = tx.data.length - zeros;
  let gas = 21000 + 4 * zeros + (fork >= Fork.Istanbul ? 16 : 68) * nonzeros;
  if (tx.to === null) {
    if (fork >= Fork.Homestead) gas += 32000;
    if (fork >= Fork.Shanghai) gas += 2 * Math.ceil(tx.data.length / 32);
  }
  for (const item of tx.accessList) gas += 2400 + 1900 * item.storageKeys.length;
  if (tx.authorizationList) gas += 25000 * tx.authorizationList.length;
  return BigInt(gas);
}

/** EIP-7623 (Prague+): the minimum gas a transaction is charged, 21000 + 10 * tokens (zero bytes 1, nonzero 4); 0 before Prague. */
export function floorDataGas(tx: Transaction, fork: number): bigint {
  if (fork < Fork.Prague) return 0n;
  const zeros = zeroBytes(tx.data);
  return BigInt(21000 + 10 * (zeros + 4 * (tx.data.length - zeros)));
}

// 0x54 SLOAD, 0x55 SSTORE, 0x5c TLOAD, 0x5d TSTORE (EIP-1153), 0xa0–0xa4 LOG0–LOG4. State only via host.ts.
import * as ctx from '../context';
import * as S from '../status';
import * as M from '../memory';
import * as L from '../layout';
import * as H from '../host';
import * as G from '../gas/constants';
import * as F from '../forks';
import { sstoreGas, sstoreRefund } from '../gas/dynamic';

const TOPICS: usize = memory.data(128, 16);

/** Runs SLOAD, SSTORE, TLOAD or TSTORE; false with ctx.status set when the frame must halt. */
export function storage(op: i32): bool {
  let sp = ctx.sp;
  let a = sp - 32, b = sp - 64;
  let self = ctx.frame + L.F_ADDRESS;
  switch (op) {
    case 0x54: { // SLOAD
      let cold = H.storageLoad(self, a, a);
      if (ctx.fork >= F.BERLIN && cold != 0) { // EIP-2929
        ctx.gas -= G.G_COLD_SLOAD - G.G_WARM_ACCESS;
        if (ctx.gas < 0) { ctx.status = S.OUT_OF_GAS; return false; }
      }
      break;
    }
    case 0x55: { // SSTORE
      if (ctx.isStatic) { ctx.status = S.STATIC_VIOLATION; return false; }
      // EIP-2200: fail when no more than the call stipend is left (Constantinople's EIP-1283 had no sentry)
      if (ctx.fork >= F.ISTANBUL && ctx.gas <= G.G_SSTORE_SENTRY) { ctx.status = S.OUT_OF_GAS; return false; }
      let result = H.storageStore(self, a, b);
      let status = result & 15;
      let cost = sstoreGas(ctx.fork, status);
      if (ctx.fork >= F.BERLIN && (result & H.STORE_COLD) != 0) cost += G.G_COLD_SLOAD; // EIP-2929
      ctx.gas -= cost;
      if (ctx.gas < 0) { ctx.status = S.OUT_OF_GAS; return false; }
      ctx.refund += sstoreRefund(ctx.fork, status);
      ctx.sp = b;
      break;
    }
    case 0x5c: H.transient(0, self, a, a); break; // TLOAD
    case 0x5d: { // TSTORE
      if (ctx.isStatic) { ctx.status = S.STATIC_VIOLATION; return false; }
      H.transient(1, self, a, b);
      ctx.sp = b;
      break;
    }
  }
  return true;
}

/** LOGn: offset, size, then n topics. */
export function log(n: i32): bool {
  if (ctx.isStatic) { ctx.status = S.STATIC_VIOLATION; return false; }
  let sp = ctx.sp;
  if (!M.ensure(sp - 32, sp - 64)) return false;
  ctx.gas -= <i64>M.size * G.G_LOG_DATA;
  if (ctx.gas < 0) { ctx.status = S.OUT_OF_GAS; return false; }
  for (let i = 0; i < n; i++) memory.copy(TOPICS + (<usize>i << 5), sp - 96 - (<usize>i << 5), 32);
  H.log(ctx.frame + L.F_ADDRESS, TOPICS, n, ctx.memBase + M.offset, M.size);
  ctx.sp = sp - (<usize>(n + 2) << 5);
  return true;
}

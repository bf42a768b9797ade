// alt_bn128's field for the pairing's tower (tower.ts; EIP-197): weierstrass.ts's Montgomery field, ξ = 9 + i
// and the Frobenius coefficients, as a descriptor the tower's generic functions take (`BN`).
import { fadd, fsub, Field256 } from './weierstrass';
import { ONE, finv } from './bn254';

/**
 * Frobenius coefficients, Montgomery form: γ1_j = ξ^(j(p-1)/6) in Fp2 for j = 1..5, then γ2_j =
 * ξ^(j(p^2-1)/6) for j = 1..5, which lie in Fp (stored as Fp2 with a zero imaginary part). (w^j)^p =
 * γ1_j w^j and (w^j)^(p^2) = γ2_j w^j.
 */
const FROBENIUS: usize = memory.data<u64>([
  0xAF9BA69633144907, 0xCA6B1D7387AFB78A, 0x11BDED5EF08A2087, 0x02F34D751A1F3A7C, 0xA222AE234C492D72, 0xD00F02A4565DE15B, 0xDC2FF3A253DFC926, 0x10A75716B3899551,
  0xB5773B104563AB30, 0x347F91C8A9AA6454, 0x7A007127242E0991, 0x1956BCD8118214EC, 0x6E849F1EA0AA4757, 0xAA1C7B6D89F89141, 0xB6E713CDFAE0CA3A, 0x26694FBB4E82EBC3,
  0xE4BBDD0C2936B629, 0xBB30F162E133BACB, 0x31A9D1B6F9645366, 0x253570BEA500F8DD, 0xA1D77CE45FFE77C7, 0x07AFFD117826D1DB, 0x6D16BD27BB7EDC6B, 0x2C87200285DEFECC,
  0x7361D77F843ABE92, 0xA5BB2BD3273411FB, 0x9C941F314B3E2399, 0x15DF9CDDBB9FD3EC, 0x5DDDFD154BD8C949, 0x62CB29A5A4445B60, 0x37BC870A0C7DD2B9, 0x24830A9D3171F0FD,
  0xC970692F41690FE7, 0xE240342127694B0B, 0x32BEE66B83C459E8, 0x12AABCED0AB08841, 0x0D485D2340AEBFA9, 0x05193418AB2FCC57, 0xD3B0A40B8A4910F5, 0x2F21EBB535D2925A,
  0xCA8D800500FA1BF2, 0xF0C5D61468B39769, 0x0E201271AD0D4418, 0x04290F65BAD856E6, 0, 0, 0, 0,
  0x3350C88E13E80B9C, 0x7DCE557CDB5E56B9, 0x6001B4B8B615564A, 0x2682E617020217E0, 0, 0, 0, 0,
  0x68C3488912EDEFAA, 0x8D087F6872AABF4F, 0x51E1A24709081231, 0x2259D6B14729C0FA, 0, 0, 0, 0,
  0x71930C11D782E155, 0xA6BB947CFFBE3323, 0xAA303344D4741444, 0x2C3B3F0D26594943, 0, 0, 0, 0,
  0x08CFC388C494F1AB, 0x19B315148D1373D4, 0x584E90FDCB6C0213, 0x09E1685BDF2F8849, 0, 0, 0, 0,
], 16);

/** ξ · a's scratch. */
const XI: usize = memory.data(32 * 3, 16);

/** alt_bn128's Fp for tower.ts: weierstrass.ts's 32-byte elements in Montgomery form (bn254.ts selects the field first). */
@final @unmanaged
export class Bn254Field extends Field256 {
  // @ts-ignore: decorator
  @inline get one(): usize { return ONE; }
  // @ts-ignore: decorator
  @inline get frobenius(): usize { return FROBENIUS; }
  // @ts-ignore: decorator
  @inline inv(a: usize, r: usize): void { finv(a, r); }

  /** r = a · ξ = (9 a0 - a1) + (a0 + 9 a1) i, for a in Fp2. */
  mulXi(a: usize, r: usize): void {
    const n0 = XI, n1 = XI + 32, x = XI + 64;
    fadd(a, a, n0); fadd(n0, n0, n0); fadd(n0, n0, n0); fadd(n0, a, n0);
    fadd(a + 32, a + 32, n1); fadd(n1, n1, n1); fadd(n1, n1, n1); fadd(n1, a + 32, n1);
    fsub(n0, a + 32, x);
    fadd(a, n1, r + 32);
    memory.copy(r, x, 32);
  }
}

/** The descriptor (a null reference: its methods read no fields). */
export const BN = changetype<Bn254Field>(0);

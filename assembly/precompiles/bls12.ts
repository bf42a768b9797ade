// BLS12-381 for tower.ts and the point functions of weierstrass.ts (EIP-4844's KZG proofs, kzg.ts): the
// field of bls12-field.ts as a descriptor (`BLS`), ξ = 1 + u and the Frobenius coefficients, and the curves:
// G1 is y^2 = x^3 + 4 over Fp, G2 lies on the M-type twist y^2 = x^3 + 4ξ over Fp2. Every constant is in
// Montgomery form, computed once with BigInt (γ1_j = ξ^(j(p-1)/6), γ2_j = ξ^(j(p^2-1)/6)).
import { fpAdd, fpSub, fpNeg, fpMul, fpInv, fpIsZero, fpEqual, BLS_ONE } from './bls12-field';

/** γ1_1..γ1_5 (Fp2), then γ2_1..γ2_5 (Fp, stored as Fp2 with a zero imaginary part). */
const FROBENIUS: usize = memory.data<u64>([
  0x07089552B319D465, 0xC6695F92B50A8313, 0x97E83CCCD117228F, 0xA35BAECAB2DC29EE, 0x1CE393EA5DAACE4D, 0x08F2220FB0FB66EB, 0xB2F66AAD4CE5D646, 0x5842A06BFC497CEC, 0xCF4895D42599D394, 0xC11B9CBA40A8E8D0, 0x2E3813CBE5A0DE89, 0x110EEFDA88847FAF,
  0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0xCD03C9E48671F071, 0x5DAB22461FCDA5D2, 0x587042AFD3851B95, 0x8EB60EBE01BACB9E, 0x03F97D6E83D050D2, 0x18F0206554638741,
  0x7BCFA7A25AA30FDA, 0xDC17DEC12A927E7C, 0x2F088DD86B4EBEF1, 0xD1CA2087DA74D4A7, 0x2DA2596696CEBC1D, 0x0E2B7EEDBBFD87D2, 0x7BCFA7A25AA30FDA, 0xDC17DEC12A927E7C, 0x2F088DD86B4EBEF1, 0xD1CA2087DA74D4A7, 0x2DA2596696CEBC1D, 0x0E2B7EEDBBFD87D2,
  0x890DC9E4867545C3, 0x2AF322533285A5D5, 0x50880866309B7E2C, 0xA20D1B8C7E881024, 0x14E4F04FE2DB9068, 0x14E56D3F1564853A, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0x82D83CF50DBCE43F, 0xA2813E53DF9D018F, 0xC6F0CAA53C65E181, 0x7525CF528D50FE95, 0x4A85ED50F4798A6B, 0x171DA0FD6CF8EEBD, 0x3726C30AF242C66C, 0x7C2AC1AAD1B6FE70, 0xA04007FBBA4B14A2, 0xEF517C3266341429, 0x0095BA654ED2226B, 0x02E370ECCC86F7DD,
  0xECFB361B798DBA3A, 0xC100DDB891865A2C, 0x0EC08FF1232BDA8E, 0xD5C13CC6F1CA4721, 0x47222A47BF7B5C04, 0x0110F184E51C5F59, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0x30F1361B798A64E8, 0xF3B8DDAB7ECE5A2A, 0x16A8CA3AC61577F7, 0xC26A2FF874FD029B, 0x3636B76660701C6E, 0x051BA4AB241B6160, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0x43F5FFFFFFFCAAAE, 0x32B7FFF2ED47FFFD, 0x07E83A49A2E99D69, 0xECA8F3318332BB7A, 0xEF148D1EA0F4C069, 0x040AB3263EFF0206, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0xCD03C9E48671F071, 0x5DAB22461FCDA5D2, 0x587042AFD3851B95, 0x8EB60EBE01BACB9E, 0x03F97D6E83D050D2, 0x18F0206554638741, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0x890DC9E4867545C3, 0x2AF322533285A5D5, 0x50880866309B7E2C, 0xA20D1B8C7E881024, 0x14E4F04FE2DB9068, 0x14E56D3F1564853A, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
], 16);

/** β = γ2_2 = ξ^((p^2-1)/3), a cube root of one in Fp: φ(x, y) = (βx, y) acts on G1 as [-x^2] (kzg.ts's subgroup check). */
export const BETA: usize = FROBENIUS + 96 * 6;

/** ξ · a's scratch. */
const XI: usize = memory.data(48, 16);

/** BLS12-381's Fp for tower.ts and weierstrass.ts's point functions: 48-byte elements in Montgomery form. */
@final @unmanaged
export class Bls12Field {
  // @ts-ignore: decorator
  @inline get size(): usize { return 48; }
  // @ts-ignore: decorator
  @inline get one(): usize { return BLS_ONE; }
  // @ts-ignore: decorator
  @inline get frobenius(): usize { return FROBENIUS; }
  // @ts-ignore: decorator
  @inline mul(a: usize, b: usize, r: usize): void { fpMul(a, b, r); }
  // @ts-ignore: decorator
  @inline add(a: usize, b: usize, r: usize): void { fpAdd(a, b, r); }
  // @ts-ignore: decorator
  @inline sub(a: usize, b: usize, r: usize): void { fpSub(a, b, r); }
  // @ts-ignore: decorator
  @inline neg(a: usize, r: usize): void { fpNeg(a, r); }
  // @ts-ignore: decorator
  @inline inv(a: usize, r: usize): void { fpInv(a, r); }
  // @ts-ignore: decorator
  @inline isZero(a: usize): bool { return fpIsZero(a); }
  // @ts-ignore: decorator
  @inline equal(a: usize, b: usize): bool { return fpEqual(a, b); }

  /** r = a · ξ = (a0 - a1) + (a0 + a1) u, for a in Fp2. */
  mulXi(a: usize, r: usize): void {
    fpSub(a, a + 48, XI);
    fpAdd(a, a + 48, r + 48);
    memory.copy(r, XI, 48);
  }
}

/** The descriptor (a null reference: its methods read no fields). */
export const BLS = changetype<Bls12Field>(0);

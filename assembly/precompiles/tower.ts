// The pairing's tower of extension fields, for any prime field given as a descriptor `f` (bn254-tower.ts's
// alt_bn128, bls12-tower.ts's BLS12-381). Both curves use the same shape:
//   Fp2  = Fp[i]  / (i^2 + 1)     a0 + a1 i            2E bytes (a0 at 0, a1 at E)
//   Fp6  = Fp2[v] / (v^3 - ξ)     c0 + c1 v + c2 v^2   6E bytes
//   Fp12 = Fp6[w] / (w^2 - v)     g + h w              12E bytes (g at 0, h at 6E)
// where E is the field's element size (32 or 48 bytes), so an Fp12 element is Σ c_j w^j with c_0..c_5 =
// g0, h0, g1, h1, g2, h2. The functions are generic over the descriptor's class: each curve gets its own
// copy, with E and the field's functions known at compile time (the descriptor is a null reference whose
// methods read no fields). Every function may write its result over an argument. Each level has its own
// scratch, sized for the largest field, so the levels nest; none is re-entrant.

/** What a field offers the tower (the methods of a descriptor class; `F` below stands for one). */
// size: bytes an element; one: the element 1; mul/add/sub/neg/inv: r = a op b; isZero;
// mulXi: r = a · ξ for a in Fp2; frobenius: γ1_1..γ1_5 then γ2_1..γ2_5, each 2E bytes (see gamma1/gamma2).

const MAX: usize = 48;

// @ts-ignore: decorator
@inline
function E<F>(f: F): usize { return f.size; }

/** γ1_j = ξ^(j(p-1)/6) in Fp2 (j = 1..5): (w^j)^p = γ1_j w^j. */
// @ts-ignore: decorator
@inline
export function gamma1<F>(f: F, j: usize): usize { return f.frobenius + (j - 1) * E(f) * 2; }

/** γ2_j = ξ^(j(p^2-1)/6) (j = 1..5), an Fp element: (w^j)^(p^2) = γ2_j w^j. */
// @ts-ignore: decorator
@inline
export function gamma2<F>(f: F, j: usize): usize { return f.frobenius + (j + 4) * E(f) * 2; }

// --- Fp2 ---------------------------------------------------------------------------------------------

const S2: usize = memory.data(<i32>MAX * 4, 16);

export function f2add<F>(f: F, a: usize, b: usize, r: usize): void { const e = E(f); f.add(a, b, r); f.add(a + e, b + e, r + e); }
export function f2sub<F>(f: F, a: usize, b: usize, r: usize): void { const e = E(f); f.sub(a, b, r); f.sub(a + e, b + e, r + e); }
export function f2neg<F>(f: F, a: usize, r: usize): void { const e = E(f); f.neg(a, r); f.neg(a + e, r + e); }
export function f2conj<F>(f: F, a: usize, r: usize): void { const e = E(f); memory.copy(r, a, e); f.neg(a + e, r + e); }
export function f2copy<F>(f: F, a: usize, r: usize): void { memory.copy(r, a, E(f) * 2); }
export function f2isZero<F>(f: F, a: usize): bool { return f.isZero(a) && f.isZero(a + E(f)); }
export function f2equal<F>(f: F, a: usize, b: usize): bool { return memory.compare(a, b, E(f) * 2) == 0; }
export function f2setOne<F>(f: F, r: usize): void { const e = E(f); memory.copy(r, f.one, e); memory.fill(r + e, 0, e); }

/** r = a · s for s in Fp. */
export function f2scale<F>(f: F, a: usize, s: usize, r: usize): void { const e = E(f); f.mul(a, s, r); f.mul(a + e, s, r + e); }

/** r = a · b (Karatsuba: three multiplications). */
export function f2mul<F>(f: F, a: usize, b: usize, r: usize): void {
  const e = E(f), t0 = S2, t1 = S2 + MAX, s = S2 + MAX * 2, u = S2 + MAX * 3;
  f.mul(a, b, t0);
  f.mul(a + e, b + e, t1);
  f.add(a, a + e, s);
  f.add(b, b + e, u);
  f.mul(s, u, s);
  f.sub(s, t0, s);
  f.sub(s, t1, r + e);
  f.sub(t0, t1, r);
}

/** r = a^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 i. */
export function f2sqr<F>(f: F, a: usize, r: usize): void {
  const e = E(f), s = S2, d = S2 + MAX, m = S2 + MAX * 2;
  f.add(a, a + e, s);
  f.sub(a, a + e, d);
  f.mul(a, a + e, m);
  f.mul(s, d, r);
  f.add(m, m, r + e);
}

/** r = 1/a (a ≠ 0) = conj(a) / (a0^2 + a1^2). */
export function f2inv<F>(f: F, a: usize, r: usize): void {
  const e = E(f), n = S2, t = S2 + MAX;
  f.mul(a, a, n);
  f.mul(a + e, a + e, t);
  f.add(n, t, n);
  f.inv(n, n);
  f.mul(a, n, r);
  f.mul(a + e, n, r + e);
  f.neg(r + e, r + e);
}

// --- Fp6 ---------------------------------------------------------------------------------------------

const S6: usize = memory.data(<i32>MAX * 2 * 7, 16);

export function f6add<F>(f: F, a: usize, b: usize, r: usize): void { const d = E(f) * 2; f2add(f, a, b, r); f2add(f, a + d, b + d, r + d); f2add(f, a + d * 2, b + d * 2, r + d * 2); }
export function f6sub<F>(f: F, a: usize, b: usize, r: usize): void { const d = E(f) * 2; f2sub(f, a, b, r); f2sub(f, a + d, b + d, r + d); f2sub(f, a + d * 2, b + d * 2, r + d * 2); }
export function f6neg<F>(f: F, a: usize, r: usize): void { const d = E(f) * 2; f2neg(f, a, r); f2neg(f, a + d, r + d); f2neg(f, a + d * 2, r + d * 2); }

/** r = a · b (Karatsuba: six Fp2 multiplications). */
export function f6mul<F>(f: F, a: usize, b: usize, r: usize): void {
  const d = E(f) * 2, D = MAX * 2;
  const t0 = S6, t1 = S6 + D, t2 = S6 + D * 2, s = S6 + D * 3, u = S6 + D * 4, c0 = S6 + D * 5, c1 = S6 + D * 6;
  f2mul(f, a, b, t0);
  f2mul(f, a + d, b + d, t1);
  f2mul(f, a + d * 2, b + d * 2, t2);
  // c0 = t0 + ξ((a1 + a2)(b1 + b2) - t1 - t2)
  f2add(f, a + d, a + d * 2, s); f2add(f, b + d, b + d * 2, u); f2mul(f, s, u, s);
  f2sub(f, s, t1, s); f2sub(f, s, t2, s); f.mulXi(s, s); f2add(f, s, t0, c0);
  // c1 = (a0 + a1)(b0 + b1) - t0 - t1 + ξ t2
  f2add(f, a, a + d, s); f2add(f, b, b + d, u); f2mul(f, s, u, s);
  f2sub(f, s, t0, s); f2sub(f, s, t1, s); f.mulXi(t2, u); f2add(f, s, u, c1);
  // c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1
  f2add(f, a, a + d * 2, s); f2add(f, b, b + d * 2, u); f2mul(f, s, u, s);
  f2sub(f, s, t0, s); f2sub(f, s, t2, s); f2add(f, s, t1, r + d * 2);
  f2copy(f, c0, r); f2copy(f, c1, r + d);
}

/** r = a · (b0 + b1 v): a line's sparse factor (five Fp2 multiplications). */
export function f6mulSparse01<F>(f: F, a: usize, b0: usize, b1: usize, r: usize): void {
  const d = E(f) * 2, D = MAX * 2;
  const t0 = S6, t1 = S6 + D, s = S6 + D * 3, u = S6 + D * 4, c0 = S6 + D * 5, c1 = S6 + D * 6;
  f2mul(f, a, b0, t0);
  f2mul(f, a + d, b1, t1);
  // c0 = t0 + ξ a2 b1
  f2mul(f, a + d * 2, b1, s); f.mulXi(s, s); f2add(f, s, t0, c0);
  // c1 = (a0 + a1)(b0 + b1) - t0 - t1
  f2add(f, a, a + d, s); f2add(f, b0, b1, u); f2mul(f, s, u, s); f2sub(f, s, t0, s); f2sub(f, s, t1, c1);
  // c2 = a2 b0 + t1
  f2mul(f, a + d * 2, b0, s); f2add(f, s, t1, r + d * 2);
  f2copy(f, c0, r); f2copy(f, c1, r + d);
}

/** r = a · b for b in Fp2. */
export function f6scale<F>(f: F, a: usize, b: usize, r: usize): void {
  const d = E(f) * 2;
  f2mul(f, a, b, r); f2mul(f, a + d, b, r + d); f2mul(f, a + d * 2, b, r + d * 2);
}

/** r = a · v = ξ a2 + a0 v + a1 v^2. */
export function f6mulV<F>(f: F, a: usize, r: usize): void {
  const d = E(f) * 2, x = S6 + MAX * 2 * 5;
  f.mulXi(a + d * 2, x);
  f2copy(f, a + d, r + d * 2);
  f2copy(f, a, r + d);
  f2copy(f, x, r);
}

/** r = 1/a (a ≠ 0). */
export function f6inv<F>(f: F, a: usize, r: usize): void {
  const d = E(f) * 2, D = MAX * 2;
  const t = S6, c0 = S6 + D, c1 = S6 + D * 2, c2 = S6 + D * 3, n = S6 + D * 4;
  const a1 = a + d, a2 = a + d * 2;
  // c0 = a0^2 - ξ a1 a2, c1 = ξ a2^2 - a0 a1, c2 = a1^2 - a0 a2
  f2mul(f, a1, a2, t); f.mulXi(t, t); f2sqr(f, a, c0); f2sub(f, c0, t, c0);
  f2sqr(f, a2, t); f.mulXi(t, t); f2mul(f, a, a1, c1); f2sub(f, t, c1, c1);
  f2sqr(f, a1, t); f2mul(f, a, a2, c2); f2sub(f, t, c2, c2);
  // n = a0 c0 + ξ(a2 c1 + a1 c2), the norm to Fp2
  f2mul(f, a2, c1, n); f2mul(f, a1, c2, t); f2add(f, n, t, n); f.mulXi(n, n); f2mul(f, a, c0, t); f2add(f, n, t, n);
  f2inv(f, n, n);
  f2mul(f, c0, n, r); f2mul(f, c1, n, r + d); f2mul(f, c2, n, r + d * 2);
}

// --- Fp12 --------------------------------------------------------------------------------------------

const S12: usize = memory.data(<i32>MAX * 6 * 4, 16);
// f4sqr's and threeTwo's Fp2 temporaries lie past the three Fp6 values the cyclotomic square keeps
const S4: usize = S12 + MAX * 6 * 3;

export function f12copy<F>(f: F, a: usize, r: usize): void { memory.copy(r, a, E(f) * 12); }
export function f12setOne<F>(f: F, r: usize): void { memory.fill(r, 0, E(f) * 12); memory.copy(r, f.one, E(f)); }
export function f12isOne<F>(f: F, a: usize): bool {
  const e = E(f);
  if (memory.compare(a, f.one, e) != 0) return false;
  for (let i: usize = e; i < e * 12; i += 8) if (load<u64>(a + i) != 0) return false;
  return true;
}

/** r = conj(a) = g - h w (a^(p^6); the inverse in the cyclotomic subgroup). */
export function f12conj<F>(f: F, a: usize, r: usize): void { const h = E(f) * 6; if (a != r) memory.copy(r, a, h); f6neg(f, a + h, r + h); }

/** The end of a Karatsuba product (g + h w)(g' + h' w) in Fp12: r = t0 + v t1 + (s - t0 - t1) w from t0 = g g', t1 = h h', s = (g + h)(g' + h'). */
function karatsuba<F>(f: F, t0: usize, t1: usize, s: usize, r: usize): void {
  const h = E(f) * 6;
  f6sub(f, s, t0, s);
  f6sub(f, s, t1, r + h);
  f6mulV(f, t1, t1);
  f6add(f, t0, t1, r);
}

/** r = a · b (Karatsuba over Fp6: three Fp6 multiplications). */
export function f12mul<F>(f: F, a: usize, b: usize, r: usize): void {
  const h = E(f) * 6, H = MAX * 6;
  const t0 = S12, t1 = S12 + H, s = S12 + H * 2, u = S12 + H * 3;
  f6mul(f, a, b, t0);
  f6mul(f, a + h, b + h, t1);
  f6add(f, a, a + h, s);
  f6add(f, b, b + h, u);
  f6mul(f, s, u, s);
  karatsuba(f, t0, t1, s, r);
}

/** r = a^2 (complex squaring: two Fp6 multiplications). */
export function f12sqr<F>(f: F, a: usize, r: usize): void {
  const h = E(f) * 6, H = MAX * 6;
  const ab = S12, s = S12 + H, u = S12 + H * 2;
  f6mul(f, a, a + h, ab);
  f6add(f, a, a + h, s);
  f6mulV(f, a + h, u); f6add(f, a, u, u);
  f6mul(f, s, u, s);
  f6sub(f, s, ab, s);
  f6mulV(f, ab, u); f6sub(f, s, u, r);
  f6add(f, ab, ab, r + h);
}

/** (r0, r1) = (a + b τ)^2 in Fp4 = Fp2[τ]/(τ^2 - ξ): (a^2 + ξ b^2) + ((a + b)^2 - a^2 - b^2) τ. */
function f4sqr<F>(f: F, a: usize, b: usize, r0: usize, r1: usize): void {
  const t0 = S4, t1 = S4 + MAX * 2;
  f2sqr(f, a, t0);
  f2sqr(f, b, t1);
  f2add(f, a, b, r1); f2sqr(f, r1, r1); f2sub(f, r1, t0, r1); f2sub(f, r1, t1, r1);
  f.mulXi(t1, t1); f2add(f, t0, t1, r0);
}

/** r = 3x - 2a (sign = -1) or 3x + 2a (sign = 1), for one coefficient of a cyclotomic square. */
function threeTwo<F>(f: F, x: usize, a: usize, sign: i32, r: usize): void {
  const t = S4 + MAX * 4;
  if (sign < 0) f2sub(f, x, a, t); else f2add(f, x, a, t);
  f2add(f, t, t, t);
  f2add(f, t, x, r);
}

/**
 * r = a^2 for a in the cyclotomic subgroup (a^(p^4 - p^2 + 1) = 1: a Miller value after the final
 * exponentiation's easy part), in nine Fp2 squarings against twelve multiplications (Granger and Scott,
 * PKC 2010). Over Fp4 = Fp2[τ], τ = w^3: a = A + B w + C w^2 with A = c0 + c3 τ, B = c1 + c4 τ,
 * C = c2 + c5 τ, and a^2 = (3A^2 - 2Ā) + (3τC^2 + 2B̄) w + (3B^2 - 2C̄) w^2, x̄ = x0 - x1 τ.
 */
export function f12cyclotomicSqr<F>(f: F, a: usize, r: usize): void {
  const d = E(f) * 2, D = MAX * 2;
  const A2 = S12, B2 = S12 + D * 2, C2 = S12 + D * 4; // (two Fp2 values each)
  const c0 = 0, c1 = d * 3, c2 = d, c3 = d * 4, c4 = d * 2, c5 = d * 5; // offsets of the c_j
  f4sqr(f, a + c0, a + c3, A2, A2 + D);
  f4sqr(f, a + c1, a + c4, B2, B2 + D);
  f4sqr(f, a + c2, a + c5, C2, C2 + D);
  threeTwo(f, A2, a + c0, -1, r + c0);          // c0 = 3 (A^2)_0 - 2 c0
  threeTwo(f, A2 + D, a + c3, 1, r + c3);       // c3 = 3 (A^2)_1 + 2 c3
  f.mulXi(C2 + D, C2 + D);
  threeTwo(f, C2 + D, a + c1, 1, r + c1);       // c1 = 3 ξ (C^2)_1 + 2 c1
  threeTwo(f, C2, a + c4, -1, r + c4);          // c4 = 3 (C^2)_0 - 2 c4
  threeTwo(f, B2, a + c2, -1, r + c2);          // c2 = 3 (B^2)_0 - 2 c2
  threeTwo(f, B2 + D, a + c5, 1, r + c5);       // c5 = 3 (B^2)_1 + 2 c5
}

/** r = a · (l0 + l1 w + l3 w^3), a D-type twist's line (l: three Fp2 values; thirteen Fp2 multiplications). */
export function f12mulLine013<F>(f: F, a: usize, l: usize, r: usize): void {
  const d = E(f) * 2, h = E(f) * 6, H = MAX * 6;
  const t0 = S12, t1 = S12 + H, s = S12 + H * 2, u = S12 + H * 3;
  f6scale(f, a, l, t0);                             // g · l0
  f6mulSparse01(f, a + h, l + d, l + d * 2, t1);    // h · (l1 + l3 v)
  f6add(f, a, a + h, s);
  f2add(f, l, l + d, u);
  f6mulSparse01(f, s, u, l + d * 2, s);             // (g + h)(l0 + l1 + l3 v)
  karatsuba(f, t0, t1, s, r);
}

/**
 * r = a · (l0 + l2 w^2 + l3 w^3), an M-type twist's line (l: three Fp2 values): g' = g·(l0 + l2 v) +
 * v·h·l3 v, h' = (g + h)(l0 + (l2 + l3) v) - g·(l0 + l2 v) - h·l3 v (thirteen Fp2 multiplications).
 */
export function f12mulLine023<F>(f: F, a: usize, l: usize, r: usize): void {
  const d = E(f) * 2, h = E(f) * 6, H = MAX * 6;
  const t0 = S12, t1 = S12 + H, s = S12 + H * 2, u = S12 + H * 3;
  f6mulSparse01(f, a, l, l + d, t0);                // g · (l0 + l2 v)
  f6scale(f, a + h, l + d * 2, t1); f6mulV(f, t1, t1); // h · l3 v
  f6add(f, a, a + h, s);
  f2add(f, l + d, l + d * 2, u);
  f6mulSparse01(f, s, l, u, s);                     // (g + h)(l0 + (l2 + l3) v)
  karatsuba(f, t0, t1, s, r);
}

/** r = 1/a (a ≠ 0) = (g - h w) / (g^2 - v h^2). */
export function f12inv<F>(f: F, a: usize, r: usize): void {
  const h = E(f) * 6, H = MAX * 6;
  const t0 = S12, t1 = S12 + H;
  f6mul(f, a, a, t0);
  f6mul(f, a + h, a + h, t1);
  f6mulV(f, t1, t1);
  f6sub(f, t0, t1, t0);
  f6inv(f, t0, t0);
  f6mul(f, a, t0, r);
  f6mul(f, a + h, t0, r + h);
  f6neg(f, r + h, r + h);
}

/** The offset of c_j (the coefficient of w^j) in an Fp12 element. */
// @ts-ignore: decorator
@inline
function coefficient<F>(f: F, j: usize): usize { return (j & 1) * E(f) * 6 + (j >> 1) * E(f) * 2; }

/** r = a^p: c_j → conj(c_j) γ1_j. */
export function f12frobenius<F>(f: F, a: usize, r: usize): void {
  f2conj(f, a, r);
  for (let j: usize = 1; j < 6; j++) {
    const c = coefficient(f, j);
    f2conj(f, a + c, r + c);
    f2mul(f, r + c, gamma1(f, j), r + c);
  }
}

/** r = a^(p^2): c_j → c_j γ2_j. */
export function f12frobenius2<F>(f: F, a: usize, r: usize): void {
  f2copy(f, a, r);
  for (let j: usize = 1; j < 6; j++) {
    const c = coefficient(f, j);
    f2scale(f, a + c, gamma2(f, j), r + c);
  }
}

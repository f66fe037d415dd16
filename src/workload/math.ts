// Floating-point helpers for projections: the standard normal distribution and a root
// finder. Token moments, quantiles and bands use these; money never does (money is
// computed in decimal.js from the token expectations).

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * The standard normal upper tail Q(x) = P(Z > x), to about 1e-14 relative precision in
 * both tails: Marsaglia's series below 3, a continued fraction for the Mills ratio above.
 */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x === Number.NEGATIVE_INFINITY) return 1;
  if (x < 0) return 1 - normalSf(-x);
  if (x > 40) return 0;
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 500; n += 1) {
      term *= (x * x) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 0.5 - normalPdf(x) * sum;
  }
  let fraction = x;
  for (let k = 120; k >= 1; k -= 1) fraction = x + k / fraction;
  return normalPdf(x) / fraction;
}

/** The standard normal CDF Φ(x), precise in the lower tail too. */
export function normalCdf(x: number): number {
  return normalSf(-x);
}

/**
 * ln Q(x), the log of the standard normal upper tail, finite for every finite x (Q itself
 * underflows past x ≈ 38): the Mills-ratio continued fraction above 3, ln(Q) below.
 */
export function logNormalSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  if (x < 3) return x < -3 ? Math.log1p(-normalSf(-x)) : Math.log(normalSf(x));
  let fraction = x;
  for (let k = 120; k >= 1; k -= 1) fraction = x + k / fraction;
  return -0.5 * x * x - Math.log(SQRT_2PI) - Math.log(fraction);
}

/**
 * ln P(a < Z ≤ b) for a standard normal Z, finite however far into a tail the interval lies
 * (−Infinity only for an empty interval).
 */
export function logNormalMass(a: number, b: number): number {
  if (!(b > a)) return Number.NEGATIVE_INFINITY;
  if (a >= 0) {
    const la = logNormalSf(a);
    const lb = logNormalSf(b);
    return la + Math.log1p(-Math.exp(lb - la));
  }
  if (b <= 0) return logNormalMass(-b, -a);
  return Math.log(normalMass(a, b));
}

/** P(a < Z ≤ b) for a standard normal Z, computed in whichever tail keeps precision. */
export function normalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return Math.max(0, normalSf(a) - normalSf(b));
  if (b <= 0) return Math.max(0, normalCdf(b) - normalCdf(a));
  return Math.max(0, 1 - normalCdf(a) - normalSf(b));
}

// Acklam's rational approximation, refined by one Halley step against normalCdf. The
// coefficients are plain constants (destructuring arrays per call is slow on hot paths).
const A0 = -3.969683028665376e1;
const A1 = 2.209460984245205e2;
const A2 = -2.759285104469687e2;
const A3 = 1.38357751867269e2;
const A4 = -3.066479806614716e1;
const A5 = 2.506628277459239;
const B0 = -5.447609879822406e1;
const B1 = 1.615858368580409e2;
const B2 = -1.556989798598866e2;
const B3 = 6.680131188771972e1;
const B4 = -1.328068155288572e1;
const C0 = -7.784894002430293e-3;
const C1 = -3.223964580411365e-1;
const C2 = -2.400758277161838;
const C3 = -2.549732539343734;
const C4 = 4.374664141464968;
const C5 = 2.938163982698783;
const D0 = 7.784695709041462e-3;
const D1 = 3.224671290700398e-1;
const D2 = 2.445134137142996;
const D3 = 3.754408661907416;
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q) / (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1);
}

/** The standard normal quantile Φ⁻¹(p), to full double precision; ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const x = acklam(p);
  // One Halley step on Φ(x) − p; in the upper half that difference is computed from the upper
  // tail, (1 − p) − Q(x), to keep precision.
  const error = p < 0.5 ? normalCdf(x) - p : 1 - p - normalSf(x);
  const u = error * SQRT_2PI * Math.exp(0.5 * x * x);
  const refined = x - u / (1 + (x * u) / 2);
  return Number.isFinite(refined) ? refined : x;
}

/**
 * Φ⁻¹(p) without the refinement step: relative error about 1e-9, several times faster. For
 * Monte Carlo draws only.
 */
export function normalQuantileFast(p: number): number {
  return acklam(p);
}

/** Φ⁻¹(0.95) ≈ 1.6448536: the z of a p95. */
export const Z95 = normalQuantile(0.95);
/** Φ⁻¹(0.9) ≈ 1.2815516: the z of a p90. */
export const Z90 = normalQuantile(0.9);

/**
 * The root of an increasing function on [low, high] by bisection (robust, deterministic).
 * Returns the smallest x found with f(x) ≥ 0 to the given relative/absolute tolerance.
 */
export function solveIncreasing(f: (x: number) => number, low: number, high: number, iterations = 200): number {
  let lo = low;
  let hi = high;
  for (let index = 0; index < iterations; index += 1) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) >= 0) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Quadrature nodes in normal-score space: E[f(Z)] ≈ Σ w·f(z) with the trapezoid rule on
 * [-8.5, 8.5] (step 0.05), spectrally accurate for smooth f and reaching far into the tails.
 */
export const NORMAL_SCORE_NODES: ReadonlyArray<{ readonly z: number; readonly w: number }> = (() => {
  const points: Array<{ z: number; w: number }> = [];
  let total = 0;
  for (let index = -170; index <= 170; index += 1) {
    const z = index * 0.05;
    const w = normalPdf(z);
    points.push({ z, w });
    total += w;
  }
  return points.map((point) => ({ z: point.z, w: point.w / total }));
})();

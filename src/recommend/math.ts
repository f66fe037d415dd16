// Numerical helpers of the recommender: the normal CDF and quantile, a seeded generator, and
// the probability strata used to discretize a distribution. Private to src/recommend.

/** z-score of the 95th percentile of a standard normal. */
export const Z95 = 1.6448536269514722;
/** z-scores of the spend percentiles a budget can check. */
export const Z_OF: Readonly<Record<'p50' | 'p90' | 'p99', number>> = { p50: 0, p90: 1.2815515655446004, p99: 2.3263478740408408 };

/**
 * erfc(x) for x ≥ 0, W. J. Cody's rational approximations (relative error below 1e-15 in
 * double precision over the whole range).
 */
const MID_P = [3.004592610201616e2, 4.519189537118729e2, 3.393208167343437e2, 1.529892850469404e2, 4.316222722205674e1, 7.211758250883094, 5.64195517478974e-1, -1.368648573827167e-7];
const MID_Q = [3.004592609569833e2, 7.90950925327898e2, 9.313540948506096e2, 6.389802644656312e2, 2.775854447439876e2, 7.700015293522947e1, 1.278272731962942e1, 1];
const TAIL_P = [-2.99610707703542174e-3, -4.94730910623250734e-2, -2.2695659353968693e-1, -2.78661308609647788e-1, -2.23192459734184686e-2];
const TAIL_Q = [1.06209230528467918e-2, 1.91308926107829841e-1, 1.05167510706793207, 1.98733201817135256, 1];
const SMALL_P = [3.209377589138469e3, 3.77485237685302e2, 1.138641541510502e2, 3.161123743870566, 1.857777061846032e-1];
const SMALL_Q = [2.844236833439171e3, 1.282616526077372e3, 2.440246379344442e2, 2.360129095234412e1, 1];

function erfcPositive(x: number): number {
  if (x < 0.5) return 1 - erfSmall(x);
  if (x < 4) {
    const p = MID_P;
    const q = MID_Q;
    let num = 0;
    let den = 0;
    for (let index = p.length - 1; index >= 0; index -= 1) {
      num = num * x + (p[index] ?? 0);
      den = den * x + (q[index] ?? 0);
    }
    return Math.exp(-x * x) * (num / den);
  }
  if (x > 27) return 0;
  const p = TAIL_P;
  const q = TAIL_Q;
  const z = 1 / (x * x);
  let num = 0;
  let den = 0;
  for (let index = p.length - 1; index >= 0; index -= 1) {
    num = num * z + (p[index] ?? 0);
    den = den * z + (q[index] ?? 0);
  }
  return (Math.exp(-x * x) / x) * (0.5641895835477563 + (z * num) / den);
}

function erfSmall(x: number): number {
  const p = SMALL_P;
  const q = SMALL_Q;
  const z = x * x;
  let num = 0;
  let den = 0;
  for (let index = p.length - 1; index >= 0; index -= 1) {
    num = num * z + (p[index] ?? 0);
    den = den * z + (q[index] ?? 0);
  }
  return (x * num) / den;
}

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const x = z / Math.SQRT2;
  return z < 0 ? 0.5 * erfcPositive(-x) : 1 - 0.5 * erfcPositive(x);
}

/** Φ⁻¹(p), the standard normal quantile (Acklam's algorithm with one Halley refinement). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // One Halley step on Φ(x) − p.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** A probability stratum: a representative probability and its weight. */
export interface Stratum {
  /** The probability at the middle of the stratum (a quantile is taken there). */
  readonly p: number;
  /** The stratum's probability mass. */
  readonly w: number;
}

const strataCache = new Map<number, readonly Stratum[]>();

/**
 * Splits (0, 1) into `count` strata whose boundaries are evenly spaced normal scores from −5
 * to 5 (so the tails, where p95 and p99 live, get as many strata as the middle), the two end
 * strata reaching to 0 and 1. Each stratum is represented by its probability midpoint.
 */
export function strata(count: number): readonly Stratum[] {
  const cached = strataCache.get(count);
  if (cached !== undefined) return cached;
  const bounds = [0];
  for (let index = 1; index < count; index += 1) bounds.push(normalCdf(-5 + (10 * index) / count));
  bounds.push(1);
  const result: Stratum[] = [];
  for (let index = 0; index < count; index += 1) {
    const lo = bounds[index] ?? 0;
    const hi = bounds[index + 1] ?? 1;
    result.push({ p: (lo + hi) / 2, w: hi - lo });
  }
  strataCache.set(count, result);
  return result;
}

/** A seeded generator of uniform draws in (0, 1) and standard normal draws (sfc32 via splitmix32). */
export interface Rng {
  uniform(): number;
  normal(): number;
}

/** A seeded generator: the same seed gives the same stream on every engine. */
export function createRng(seed: number): Rng {
  let state = Math.trunc(seed) >>> 0;
  const mix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let index = 0; index < 12; index += 1) next32();
  const uniform = (): number => (next32() + 0.5) / 4294967296;
  let spare: number | undefined;
  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      const r = Math.sqrt(-2 * Math.log(uniform()));
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/** The median of a list of numbers (not changed). */
export function median(values: readonly number[]): number {
  return quantileOfSorted([...values].sort((x, y) => x - y), 0.5);
}

/** The q-quantile of sorted values, linear interpolation between order statistics (type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? 0;
  return low + (high - low) * (position - lower);
}

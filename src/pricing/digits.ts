// Decimal text from digits and a scale, shared by the price parser (./validate.ts) and the
// per-call core's amounts (estimate/compiled.ts). No side effects: bundles take only what they use.

/**
 * @internal Digits (no sign) times 10^-scale as a canonical decimal string: the point written,
 * then trailing zeros after it, and a bare point, dropped.
 */
export function pointed(digits: string, scale: number): string {
  const padded = digits.padStart(scale + 1, '0') + '0'.repeat(Math.max(0, -scale));
  const cut = padded.length - Math.max(0, scale);
  return `${padded.slice(0, cut)}.${padded.slice(cut)}`.replace(/\.?0*$/, '');
}

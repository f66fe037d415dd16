// The only module that imports decimal.js. A private clone: never Decimal.set, so an
// application's own decimal.js configuration can neither change nor be changed by ours.
import DecimalJs from 'decimal.js';

/** Private decimal.js constructor: 80 significant digits, half-even, never exponent notation. */
export const Dec = DecimalJs.clone({
  precision: 80,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
  minE: -9e15,
  maxE: 9e15,
});
export type Dec = InstanceType<typeof Dec>;

export const ROUNDING = {
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  ceil: DecimalJs.ROUND_CEIL,
  floor: DecimalJs.ROUND_FLOOR,
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-down': DecimalJs.ROUND_HALF_DOWN,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
} as const;

export { addUsd, sumUsd, compareUsd, roundUsd, formatUsd } from './amount.js';
export type { UsdInput, UsdString, RoundingMode, FormatUsdOptions } from './amount.js';

export { addUsd, sumUsd, compareUsd, roundUsd, formatUsd } from './usd.js';
export type { UsdInput, UsdString, RoundingMode, FormatUsdOptions } from './usd.js';

export { createDistribution, parseWorkload, workloadSchema } from './schema.js';
export type { Workload, WorkloadInput, WorkloadStepInput, CacheInput, ImagesInput, VolumeInput } from './schema.js';
export { DISTRIBUTION_KINDS } from './distributions.js';
export type { DistributionInput, DistributionKind, DistributionSpec, TokenDistribution } from './distributions.js';
export { estimateImageTokens } from './images.js';
export type { ImageDetail, ImageTokensRequest } from './images.js';
export { PERIOD_NAMES, VOLUME_UNITS } from './volume.js';
export type { Period, PeriodName, VolumeUnit } from './volume.js';

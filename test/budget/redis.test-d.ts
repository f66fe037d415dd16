// An ioredis client fits the structural client type of llm-spend/redis, so users pass it
// as is, while neither the store nor the core build needs ioredis's types.
import type { Cluster, Redis } from 'ioredis';
import { expectTypeOf, test } from 'vitest';
import type { BudgetStore } from '../../src/budget/index.js';
import { redisStore, type RedisClientLike } from '../../src/redis/index.js';

test('ioredis Redis and Cluster are RedisClientLike', () => {
  expectTypeOf<Redis>().toExtend<RedisClientLike>();
  expectTypeOf<Cluster>().toExtend<RedisClientLike>();
  expectTypeOf(redisStore).parameter(0).toEqualTypeOf<RedisClientLike>();
  expectTypeOf(redisStore).returns.toEqualTypeOf<BudgetStore>();
});

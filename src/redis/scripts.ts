// The Redis store's operations, one Lua script each, so that each runs atomically: no
// interleaving of clients can let two reservations through where only one fits.
//
// Amounts are integer pico-USD (10^-12 USD) written as decimal digit strings. Lua numbers
// are doubles, exact only below 2^53, so a script never holds an amount in one number: it
// splits it into two limbs, whole dollars and the pico fraction (below 10^12), each exact,
// and adds, subtracts and compares limb by limb. Amounts stay exact up to 9 × 10^15 USD.
//
// Key layout (P = the store's prefix; C = a counter key made by the guard):
//   P:c:C   hash  spent, reserved, r:<reservation id> = amount, t:<threshold flag> = 1,
//                 rolling windows: low = lowest live bucket, b:<bucket> = amount
//   P:z:C   zset  reservation id -> expiry (epoch ms)
//   P:i:K   string  idempotency key K -> the amount first committed under it
//
// Time comes from the caller (`now`, epoch ms): scripts never read Redis's clock, so that
// windows follow the guard's clock; key expiry is relative (PEXPIRE) and only extended.

const PRELUDE = `
local B = 1000000000000
local CEIL = 9000000000000000
local function parse(s)
  if not s then return {0, 0} end
  local n = string.len(s)
  if n <= 12 then return {0, tonumber(s)} end
  return {tonumber(string.sub(s, 1, n - 12)), tonumber(string.sub(s, n - 11))}
end
local function fmt(a)
  if a[1] == 0 then return string.format('%.0f', a[2]) end
  return string.format('%.0f', a[1]) .. string.format('%012.0f', a[2])
end
local function add(a, b)
  local hi, lo = a[1] + b[1], a[2] + b[2]
  if lo >= B then lo = lo - B; hi = hi + 1 end
  if hi >= CEIL then error('LLMSPEND_OVERFLOW a total would exceed 9e15 USD') end
  return {hi, lo}
end
local function sub(a, b)
  local hi, lo = a[1] - b[1], a[2] - b[2]
  if lo < 0 then lo = lo + B; hi = hi - 1 end
  if hi < 0 then return {0, 0} end
  return {hi, lo}
end
local function cmp(a, b)
  if a[1] ~= b[1] then if a[1] < b[1] then return -1 else return 1 end end
  if a[2] ~= b[2] then if a[2] < b[2] then return -1 else return 1 end end
  return 0
end
local function int(n) return string.format('%.0f', n) end
local function extend(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, int(ms)) end
end
local function purge(h, z, now, rolling, bucket)
  local reserved = parse(redis.call('HGET', h, 'reserved'))
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now)
  if #expired > 0 then
    for i = 1, #expired do
      local f = 'r:' .. expired[i]
      local a = redis.call('HGET', h, f)
      if a then reserved = sub(reserved, parse(a)); redis.call('HDEL', h, f) end
    end
    redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
    redis.call('HSET', h, 'reserved', fmt(reserved))
  end
  local spent = parse(redis.call('HGET', h, 'spent'))
  if rolling > 0 then
    local lowRaw = redis.call('HGET', h, 'low')
    if lowRaw then
      local low = tonumber(lowRaw)
      local dead = math.floor((now - rolling) / bucket) - 1
      if low <= dead then
        local last = low + math.ceil(rolling / bucket) + 2
        if dead < last then last = dead end
        for b = low, last do
          local f = 'b:' .. int(b)
          local a = redis.call('HGET', h, f)
          if a then spent = sub(spent, parse(a)); redis.call('HDEL', h, f) end
        end
        redis.call('HSET', h, 'spent', fmt(spent), 'low', int(dead + 1))
      end
    end
  end
  return spent, reserved
end
local function oldest(h, rolling, bucket, spent)
  if rolling <= 0 or (spent[1] == 0 and spent[2] == 0) then return '' end
  local lowRaw = redis.call('HGET', h, 'low')
  if not lowRaw then return '' end
  local low = tonumber(lowRaw)
  for b = low, low + math.ceil(rolling / bucket) + 2 do
    if redis.call('HEXISTS', h, 'b:' .. int(b)) == 1 then return int(b) end
  end
  return ''
end
`;

// KEYS: hash1, zset1, hash2, zset2, ...
// ARGV: now, id, units, expiresAt, then per counter: limit, ttlMs, rollingMs, bucketMs
// Returns {'1'} when admitted, or {'0', index, spent, reserved, oldestBucket} for the first
// counter it would cross.
const RESERVE = `${PRELUDE}
local now = tonumber(ARGV[1])
local id = ARGV[2]
local units = parse(ARGV[3])
local expiresAt = tonumber(ARGV[4])
local n = #KEYS / 2
local field = 'r:' .. id
if redis.call('HEXISTS', KEYS[1], field) == 1 then return {'1'} end
local held = {}
for i = 1, n do
  local a = 4 + (i - 1) * 4
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  local rolling, bucket = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local spent, reserved = purge(h, z, now, rolling, bucket)
  if cmp(add(add(spent, reserved), units), parse(ARGV[a + 1])) > 0 then
    return {'0', int(i - 1), fmt(spent), fmt(reserved), oldest(h, rolling, bucket, spent)}
  end
  held[i] = reserved
end
local keep = expiresAt - now
for i = 1, n do
  local a = 4 + (i - 1) * 4
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('HSET', h, 'reserved', fmt(add(held[i], units)), field, ARGV[3])
  redis.call('ZADD', z, int(expiresAt), id)
  local ttl = tonumber(ARGV[a + 2])
  if keep > ttl then ttl = keep end
  extend(h, ttl)
  extend(z, ttl)
end
return {'1'}
`;

// KEYS: idempotency key, the reservation's key (a second key that dedupes too), then the pairs
//       the reservation holds, then the pairs to count in
// ARGV: now, id ('' for a record), units, idempotencyTtlMs ('0': no key), number of held pairs,
//       '1' when the reservation's key is used (else '0'),
//       then per counter: ttlMs, rollingMs, bucketMs, number of thresholds, (flag, units) each
// Returns {duplicate, units counted, released, then per counter: spent, reserved, oldest, crossed}
const COMMIT = `${PRELUDE}
local now = tonumber(ARGV[1])
local id = ARGV[2]
local units = parse(ARGV[3])
local nh = tonumber(ARGV[5])
local released = '0'
if id ~= '' then
  local f = 'r:' .. id
  for i = 1, nh do
    local h, z = KEYS[2 * i + 1], KEYS[2 * i + 2]
    local _, reserved = purge(h, z, now, 0, 0)
    local a = redis.call('HGET', h, f)
    if a then
      redis.call('HSET', h, 'reserved', fmt(sub(reserved, parse(a))))
      redis.call('HDEL', h, f)
      redis.call('ZREM', z, id)
      released = '1'
    end
  end
end
local previous = false
if ARGV[4] ~= '0' then previous = redis.call('GET', KEYS[1]) end
if previous == false and ARGV[6] == '1' then previous = redis.call('GET', KEYS[2]) end
local duplicate = previous ~= false
local out = {'0', ARGV[3], released}
if duplicate then out[1] = '1'; out[2] = previous end
local p = 7
local base = 2 + 2 * nh
local nc = (#KEYS - base) / 2
for i = 1, nc do
  local h, z = KEYS[base + 2 * i - 1], KEYS[base + 2 * i]
  local ttl, rolling, bucket, nt = tonumber(ARGV[p]), tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2]), tonumber(ARGV[p + 3])
  p = p + 4
  local spent, reserved = purge(h, z, now, rolling, bucket)
  if not duplicate then
    spent = add(spent, units)
    redis.call('HSET', h, 'spent', fmt(spent))
    if rolling > 0 then
      local b = math.floor(now / bucket)
      local lowRaw = redis.call('HGET', h, 'low')
      if not lowRaw then
        redis.call('HSET', h, 'low', int(b))
      elseif b < tonumber(lowRaw) then
        b = tonumber(lowRaw)
      end
      local f = 'b:' .. int(b)
      redis.call('HSET', h, f, fmt(add(parse(redis.call('HGET', h, f)), units)))
    end
    extend(h, ttl)
  end
  local crossed = {}
  for t = 1, nt do
    local flag, amount = ARGV[p], parse(ARGV[p + 1])
    p = p + 2
    if cmp(spent, amount) >= 0 then
      if not duplicate and redis.call('HSETNX', h, flag, '1') == 1 then crossed[#crossed + 1] = int(t - 1) end
    elseif rolling > 0 then
      redis.call('HDEL', h, flag)
    end
  end
  out[#out + 1] = fmt(spent)
  out[#out + 1] = fmt(reserved)
  out[#out + 1] = oldest(h, rolling, bucket, spent)
  out[#out + 1] = table.concat(crossed, ',')
end
if not duplicate and ARGV[4] ~= '0' then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
  if ARGV[6] == '1' then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4]) end
end
return out
`;

// KEYS: the pairs the reservation holds. ARGV: now, id. Returns 1 when it was still held.
const RELEASE = `${PRELUDE}
local now = tonumber(ARGV[1])
local id = ARGV[2]
local f = 'r:' .. id
local released = 0
for i = 1, #KEYS / 2 do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  local _, reserved = purge(h, z, now, 0, 0)
  local a = redis.call('HGET', h, f)
  if a then
    redis.call('HSET', h, 'reserved', fmt(sub(reserved, parse(a))))
    redis.call('HDEL', h, f)
    redis.call('ZREM', z, id)
    released = 1
  end
end
return released
`;

// KEYS: pairs. ARGV: now, then per counter: rollingMs, bucketMs.
// Returns per counter: spent, reserved, oldest bucket.
const STATUS = `${PRELUDE}
local now = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS / 2 do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  local rolling, bucket = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local spent, reserved = purge(h, z, now, rolling, bucket)
  out[#out + 1] = fmt(spent)
  out[#out + 1] = fmt(reserved)
  out[#out + 1] = oldest(h, rolling, bucket, spent)
end
return out
`;

/** @internal The scripts' sources. */
export const SCRIPTS = { reserve: RESERVE, commit: COMMIT, release: RELEASE, status: STATUS } as const;

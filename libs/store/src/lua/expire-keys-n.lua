--[[
  Key retention: deletes aggregates no instance has reported for retentionMs of Redis time, with
  their samples, trends, resolve memory, label breakdown and search text. The caller reads candidates
  (ZRANGEBYSCORE on seen) and sends one batch per call; the condition is checked again here, so
  a key reported in between is kept.

  KEYS[1]  agg      hash: aggregation key -> aggregate meta
  KEYS[2]  ver      the service's change counter
  KEYS[3]  seen     zset: aggregation key -> Redis time it was last reported
  KEYS[4]  search   hash: aggregation key -> search text
  KEYS[5..53]  the error list's indexes and totals (see includes/error-index.lua)
  KEYS[54+6(i-1) .. 59+6(i-1)]  for the i-th candidate: s:<key>, d:<key>, tm:<key>, th:<key>, ru:<key>, b:<key>
  ARGV[1]  retentionMs
  ARGV[1+i]  the i-th candidate aggregation key
  Returns  how many aggregates were deleted.
]]
--- @include "redis-time"
--- @include "counts"
local rcall = redis.call
--- @include "error-index"
local INDEX = 5
local FIXED_KEYS = 4 + INDEX_TOTALS + 1
local retention = tonumber(ARGV[1])
if retention == nil or #KEYS ~= FIXED_KEYS + 6 * (#ARGV - 1) then
  return redis.error_reply('expire-keys: retentionMs must be a number and each key needs its 6 keys')
end
local cutoff = redisNowMs() - retention
local deleted = 0
for i = 2, #ARGV do
  local key = ARGV[i]
  local last = tonumber(rcall('ZSCORE', KEYS[3], key))
  if last and last <= cutoff then
    local slot = FIXED_KEYS + 1 + 6 * (i - 2)
    local metaJson = rcall('HGET', KEYS[1], key)
    local decoded, meta = pcall(cjson.decode, metaJson or '')
    if metaJson and decoded then
      indexUpdate(INDEX, key, indexPlace(meta), nil)
    else
      -- A meta that cannot be read still leaves every index (its totals cannot be taken back).
      for i = INDEX, INDEX + INDEX_TOTALS - 1 do rcall('ZREM', KEYS[i], key) end
    end
    rcall('HDEL', KEYS[1], key)
    rcall('ZREM', KEYS[3], key)
    rcall('HDEL', KEYS[4], key)
    rcall('DEL', KEYS[slot], KEYS[slot + 1], KEYS[slot + 2], KEYS[slot + 3], KEYS[slot + 4], KEYS[slot + 5])
    deleted = deleted + 1
  end
end
if deleted > 0 then rcall('INCR', KEYS[2]) end
return deleted

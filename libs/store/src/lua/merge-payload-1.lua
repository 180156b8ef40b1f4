--[[
  Merges one scraped payload of one target into its service's aggregates, atomically.

  Counting: a target's total_count per key is a counter. The service's count grows by the
  difference to the last value seen from the same target; a lower value is a counter reset
  (the instance restarted) and the whole new value is added. Merging the same payload again
  adds nothing, so retried and duplicated jobs are harmless. A payload fetched before the last
  one merged for the same target is stale and ignored.

  Samples: only keys whose count grew can carry new occurrences, so only they touch the sample
  set; it keeps the newest `sampleCap` occurrences across instances, deduplicated by uuid, and
  none older than the key's last resolution.

  Withheld samples: a caller may send an aggregate without its samples (sample count -1), since
  most keys of a payload did not grow and their samples would only be parsed and dropped. If any
  aggregate whose samples are withheld needs them (its count grew, or the key is new), nothing is
  written and the reply is { "need", 0, key, ... }: the caller sends those keys' samples again.

  KEYS[1]  <prefix>agg            hash: aggregation key -> aggregate meta (JSON)
           (every other key is <prefix>..., same {service} hash slot)
  ARGV[1]  target id              target_uuid, or the target URL when the client sends none
  ARGV[2]  target address         host:port it was scraped at
  ARGV[3]  fetchedAtMs            when the scrape started
  ARGV[4]  sampleCap              occurrences kept per key
  ARGV[5]  targetTtlMs            a target silent this long is forgotten
  ARGV[6]  healthJson             the target's scrape health record
  ARGV[7]  aggregate count n
  ARGV[8..] per aggregate: key, total_count, severity, createdAtMs, sample count m (-1: withheld,
           none follow), then per sample: uuid, timestampMs, occurrence JSON, class, message,
           search text
  Returns  { status, keysChanged, key1, delta1, severity1, key2, ... } for keys whose count grew;
           status is "ok" or "stale"; or { "need", 0, key1, key2, ... } (see withheld samples).
]]
local rcall = redis.call
local aggKey = KEYS[1]
local prefix = string.sub(aggKey, 1, #aggKey - 3)

local targetId = ARGV[1]
local address = ARGV[2]
local fetchedAt = tonumber(ARGV[3])
local sampleCap = tonumber(ARGV[4])
local targetTtl = tonumber(ARGV[5])
local healthJson = ARGV[6]
local aggregateCount = tonumber(ARGV[7])

local MINUTE = 60000
local HOUR = 3600000
local MINUTES_KEPT = 1440
local HOURS_KEPT = 720
local MAX_LATEST_MESSAGE = 500

local targetsKey = prefix .. 'targets'
local targetHash = prefix .. 't:' .. targetId

-- A slower, older fetch of this target must not undo a newer one (it would look like a reset).
local lastFetch = tonumber(rcall('ZSCORE', targetsKey, targetId))
if lastFetch and fetchedAt < lastFetch then
  return { 'stale', 0 }
end

--- Adds `delta` to a time bucket and forgets buckets older than `kept` buckets.
local function addToTrend(trendKey, bucketSize, kept, delta)
  local bucket = math.floor(fetchedAt / bucketSize)
  local total = rcall('HINCRBY', trendKey, bucket, delta)
  if total == delta and rcall('HLEN', trendKey) > kept then
    local oldest = bucket - kept
    for _, field in ipairs(rcall('HKEYS', trendKey)) do
      if tonumber(field) <= oldest then rcall('HDEL', trendKey, field) end
    end
  end
end

--- Adds the occurrences of one aggregate to its sample set; returns the newest one added.
local function mergeSamples(key, meta, base, sampleCount)
  local indexKey = prefix .. 's:' .. key
  local dataKey = prefix .. 'd:' .. key
  local notBefore = meta.rl or 0
  local newest = nil
  local size = rcall('ZCARD', indexKey)
  for j = 0, sampleCount - 1 do
    local at = base + j * 6
    local uuid = ARGV[at]
    local ts = tonumber(ARGV[at + 1])
    if ts > notBefore and not rcall('ZSCORE', indexKey, uuid) then
      local keep = size < sampleCap
      if not keep then
        local lowest = rcall('ZRANGE', indexKey, 0, 0, 'WITHSCORES')
        keep = lowest[2] ~= nil and ts > tonumber(lowest[2])
      end
      if keep then
        rcall('ZADD', indexKey, ts, uuid)
        rcall('HSET', dataKey, uuid, ARGV[at + 2])
        size = size + 1
        if size > sampleCap then
          local evicted = rcall('ZPOPMIN', indexKey, size - sampleCap)
          for e = 1, #evicted, 2 do rcall('HDEL', dataKey, evicted[e]) end
          size = sampleCap
        end
        if newest == nil or ts > tonumber(ARGV[newest + 1]) then newest = at end
      end
    end
  end
  return newest
end

--- The count growth of one key of this target: a lower count is a counter reset.
local function deltaOf(previous, count)
  if previous == nil or count < previous then
    return count -- first sight of this key from this target, or a counter reset
  end
  return count - previous
end

-- First pass, read only: what each aggregate finds in Redis, and whether withheld samples are needed.
local previousCounts = {}
local metaJsons = {}
local firstAt = {} -- key -> index of its first aggregate in this payload
local need = {}
local cursor = 8
for a = 1, aggregateCount do
  local key = ARGV[cursor]
  local sampleCount = tonumber(ARGV[cursor + 4])
  local previous = tonumber(rcall('HGET', targetHash, key))
  local metaJson = rcall('HGET', aggKey, key)
  previousCounts[a] = previous
  metaJsons[a] = metaJson
  if sampleCount < 0 and (firstAt[key] or deltaOf(previous, tonumber(ARGV[cursor + 1])) > 0 or not metaJson) then
    need[#need + 1] = key
  end
  firstAt[key] = firstAt[key] or a
  cursor = cursor + 5 + math.max(sampleCount, 0) * 6
end
if #need > 0 then
  local reply = { 'need', 0 }
  for i = 1, #need do reply[i + 2] = need[i] end
  return reply
end

local changed = {}
local keysChanged = 0
cursor = 8
for a = 1, aggregateCount do
  local key = ARGV[cursor]
  local count = tonumber(ARGV[cursor + 1])
  local severity = ARGV[cursor + 2]
  local createdAt = tonumber(ARGV[cursor + 3])
  local sampleCount = math.max(tonumber(ARGV[cursor + 4]), 0)
  local samplesBase = cursor + 5
  cursor = samplesBase + sampleCount * 6

  -- A key repeated within one payload sees what its first appearance wrote.
  local previous, metaJson
  if firstAt[key] == a then
    previous, metaJson = previousCounts[a], metaJsons[a]
  else
    previous, metaJson = tonumber(rcall('HGET', targetHash, key)), rcall('HGET', aggKey, key)
  end
  local delta = deltaOf(previous, count)
  if previous ~= count then rcall('HSET', targetHash, key, count) end

  if delta > 0 or not metaJson then
    local meta
    if metaJson then
      meta = cjson.decode(metaJson)
    else
      meta = { c = 0, s = severity, ca = createdAt, fs = fetchedAt, ls = 0, lc = '', lm = '', r = 0, rl = 0, rc = 0, rn = 0, rg = 0 }
    end
    meta.c = meta.c + delta
    meta.s = severity
    if createdAt < meta.ca then meta.ca = createdAt end
    if delta > 0 and meta.r > 0 then
      -- It grew after being resolved: a regression brings it back.
      meta.r = 0
      meta.rg = fetchedAt
    end
    local newest = mergeSamples(key, meta, samplesBase, sampleCount)
    if newest then
      local ts = tonumber(ARGV[newest + 1])
      if ts >= meta.ls then
        meta.ls = ts
        meta.lc = ARGV[newest + 3]
        meta.lm = string.sub(ARGV[newest + 4], 1, MAX_LATEST_MESSAGE)
        rcall('HSET', prefix .. 'search', key, ARGV[newest + 5])
      end
    elseif sampleCount == 0 and delta > 0 and fetchedAt > meta.ls then
      meta.ls = fetchedAt -- counted without samples: seen by this scrape at the latest
    end
    if delta > 0 then
      addToTrend(prefix .. 'tm:' .. key, MINUTE, MINUTES_KEPT, delta)
      addToTrend(prefix .. 'th:' .. key, HOUR, HOURS_KEPT, delta)
      changed[#changed + 1] = key
      changed[#changed + 1] = delta
      changed[#changed + 1] = severity
    end
    rcall('HSET', aggKey, key, cjson.encode(meta))
    keysChanged = keysChanged + 1
  end
end

rcall('PEXPIRE', targetHash, targetTtl)
rcall('ZADD', targetsKey, fetchedAt, targetId)
rcall('HSET', prefix .. 'taddr', targetId, address)
rcall('HSET', prefix .. 'health', address, healthJson)

-- Forget targets silent for longer than the TTL, measured on the scrape clock. (Their count
-- hashes also carry a Redis TTL, for a service that stops being scraped altogether.)
local expired = rcall('ZRANGEBYSCORE', targetsKey, '-inf', fetchedAt - targetTtl, 'LIMIT', 0, 100)
for _, gone in ipairs(expired) do
  rcall('ZREM', targetsKey, gone)
  rcall('HDEL', prefix .. 'taddr', gone)
  rcall('DEL', prefix .. 't:' .. gone)
end

if keysChanged > 0 then rcall('INCR', prefix .. 'ver') end

local result = { 'ok', keysChanged }
for i = 1, #changed do result[#result + 1] = changed[i] end
return result

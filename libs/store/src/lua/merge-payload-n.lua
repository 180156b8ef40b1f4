--[[
  Merges one chunk of one scraped payload of one target into its service's aggregates, atomically.

  Counting: a target's total_count per key is a counter; a target is identified by (address,
  target_uuid), or by its URL when the client sends no uuid. The service's count grows by the
  difference to the last value seen from the same target. With a target_uuid a lower value is
  never a restart (clients make a new uuid per process): the high-water mark is kept and nothing
  is added. Without one, a lower value is a counter reset and the whole new value is added.
  Merging the same payload again adds nothing, so retried and duplicated jobs are harmless.

  Chunks and exactly-once: the caller splits a large payload into bounded calls, each its own
  atomic merge of some aggregates. Per-key counting is idempotent (a key already counted at this
  value adds nothing), so any chunk may be applied again. Order is the scheduler's cycle: a chunk
  from an older cycle than the target's last merged one is stale and ignored; the same cycle (a
  retry, or the next chunk) is allowed. A payload applied in part is finished by its retry, or
  superseded by the next cycle's payload (counts are cumulative, so nothing is lost or doubled).

  Nothing partial: the first pass reads and validates everything and decides every change, and
  reads every key the second pass writes (a key of the wrong type raises there); the second pass
  only writes. A bad argument or a corrupt stored value raises before any write.
  An aggregate whose sum would pass 2^53-1, or a new key past maxKeys, is refused on its own.

  Samples: only keys whose count grew can carry new occurrences, so only they touch the sample
  set; it keeps the newest `sampleCap` occurrences across instances, deduplicated by uuid. After
  a resolve, a key that grows by delta shows the newest `delta` occurrences of this target that
  were not among its samples when resolved (by uuid, whatever their timestamp); keys resolved
  before uuids were remembered fall back to occurrences newer than the resolve.

  Withheld samples: a caller may send an aggregate without its samples (sample count -1), since
  most keys of a payload did not grow. If any such aggregate needs them (its count grew, or the
  key is new), nothing is written and the reply is { "need", 0, {key, ...}, {} }.

  Breakdown by target label: the caller sends the target's values of aggregation.breakdown_labels;
  a key's growth from this target is added to each of its label values (count, first and last
  seen), and to the value's hourly trend (includes/breakdown-trend). At most breakdownCap values
  are kept per label: a new value past it folds the least recently seen value (and its trend)
  into "other" (the empty value), so churning versions stay bounded.

  Times (first/last seen, trend buckets, target last merge, key last reported) are Redis's TIME.

  KEYS[1]  agg        hash: aggregation key -> aggregate meta (JSON; counts as strings)
  KEYS[2]  ver        the service's change counter
  KEYS[3]  targets    zset: target id -> Redis time of its last merge
  KEYS[4]  taddr      hash: target id -> address
  KEYS[5]  tcycle     hash: target id -> cycle of its last merge
  KEYS[6]  seen       zset: aggregation key -> Redis time it was last reported
  KEYS[7]  search     hash: aggregation key -> search text of its newest occurrence
  KEYS[8]  refused    string: new keys refused by the key cap
  KEYS[9]  t:<id>     hash: aggregation key -> this target's last (high-water) count
  KEYS[10..58]        the error list's indexes and totals (see includes/error-index.lua)
  KEYS[59+6(i-1) .. 64+6(i-1)]  for the i-th aggregate: s:<key> (sample index zset),
           d:<key> (sample data hash), tm:<key>, th:<key> (trend hashes), ru:<key> (uuids of
           its samples when last resolved), b:<key> (breakdown hash: "<label>\n<value>" ->
           "count|firstSeenMs|lastSeenMs", "~<label>\n<value>" -> "hour:count,...")
  ARGV[1]  target id
  ARGV[2]  target address
  ARGV[3]  cycle              the job's cycle: an opaque number that only grows per service
  ARGV[4]  sampleCap          occurrences kept per key
  ARGV[5]  targetTtlMs        the target's counts expire if it is not merged this long
  ARGV[6]  hasUuid            "1": the target sent a target_uuid (keep the high-water mark)
  ARGV[7]  maxKeys            keys the service may hold
  ARGV[8]  aggregate count n
  ARGV[9..] per aggregate: one packed argument (see includes/packed-arguments): a binary header
           (f64 total_count, f64 createdAtMs, f64 sample count m, u32 severity bytes) then
           severity and key, where m -1 means its samples are withheld and none follow; then m
           arguments, one per sample: a binary header (f64 timestampMs, u32 uuid bytes, u32
           class bytes, u32 message bytes, i32 search bytes, -1: the previous sample's search
           text) then uuid, class, message, search text and occurrence JSON back to back
  ARGV[after the aggregates]  breakdownCap (values kept per label), label count b, then b pairs
           label, value (absent: no breakdown)
  Returns  { status, keysChanged, { key, delta, severity, event, ... }, { key, reason, ... }, nowMs }:
           status "ok" or "stale"; the third element lists keys whose count grew (event "new",
           "regression" or ""); the fourth the refused aggregates (reason "count_overflow" or
           "key_cap"); the fifth Redis's time of the merge (ok only); or { "need", 0, { key, ... },
           {} } (see withheld samples).
]]
--- @include "redis-time"
--- @include "counts"
local rcall = redis.call
--- @include "breakdown-trend"
--- @include "error-index"
--- @include "packed-arguments"

local AGG, VER, TARGETS, TADDR, TCYCLE, SEEN, SEARCH, REFUSED, TCOUNTS, INDEX = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
local FIXED_KEYS = 9 + INDEX_TOTALS + 1
local KEYS_PER_AGGREGATE = 6
local NO_SAMPLES = {} -- (shared by every aggregate sent without samples: never written to)

local targetId = ARGV[1]
local address = ARGV[2]
local cycle = tonumber(ARGV[3])
local sampleCap = tonumber(ARGV[4])
local targetTtl = tonumber(ARGV[5])
local hasUuid = ARGV[6] == '1'
local maxKeys = tonumber(ARGV[7])
local aggregateCount = tonumber(ARGV[8])

if not (cycle and sampleCap and targetTtl and maxKeys and aggregateCount) then
  return redis.error_reply('merge-payload: cycle, sampleCap, targetTtlMs, maxKeys and the aggregate count must be numbers')
end
if #KEYS ~= FIXED_KEYS + KEYS_PER_AGGREGATE * aggregateCount then
  return redis.error_reply('merge-payload: expected ' .. (FIXED_KEYS + KEYS_PER_AGGREGATE * aggregateCount) .. ' keys for ' .. aggregateCount .. ' aggregates, got ' .. #KEYS)
end

local MINUTE = 60000
local HOUR = 3600000
local MINUTES_KEPT = 1440
local HOURS_KEPT = 720
local MAX_LATEST_MESSAGE = 500

-- A payload of an older cycle must not undo a newer one (a lower count would look like a reset).
local lastCycle = tonumber(rcall('HGET', KEYS[TCYCLE], targetId))
if lastCycle and cycle < lastCycle then
  return { 'stale', 0, {}, {} }
end

local now = redisNowMs()

--- The growth of one key of this target, and the count to remember for it.
local function countStep(previous, count)
  if previous == nil then return count, count end -- first sight from this target
  if count >= previous then return count - previous, count end
  if hasUuid then return 0, previous end -- same process, lower count: keep the high-water mark
  return count, count -- no uuid: the instance restarted, its whole count is new
end

-- First pass: read, validate, decide. No writes.
local plans = {}
local metaOf = {} -- key -> decoded meta (shared by repeats of a key within the chunk)
local metaJsonOf = {} -- key -> stored meta JSON, or false: decoded only for keys that change

--- The key's meta, decoded on first use (most keys of a payload did not grow: never decoded).
local function metaFor(key)
  local meta = metaOf[key]
  if meta == nil and metaJsonOf[key] then
    meta = cjson.decode(metaJsonOf[key])
    metaOf[key] = meta
  end
  return meta
end
local beforeOf = {} -- key -> its place in the error list's indexes before this merge (false: new)
local storedOf = {} -- key -> this target's count as it will be after the earlier aggregates
local slotOf = {} -- key -> KEYS index of its first per-aggregate key
local need, needSeen = {}, {}
local refusedReply = {}
local capRefused = 0
local keyCount = rcall('HLEN', KEYS[AGG])
local cursor = 9
for a = 1, aggregateCount do
  local countValue, createdAt, sampleCount, severity, key = unpackAggregate(ARGV[cursor])
  if countValue == nil then
    return redis.error_reply('merge-payload: aggregate ' .. a .. ' is not packed as a header (total_count, createdAtMs, sample count, severity bytes) then severity and key')
  end
  local count = parseCount(countValue)
  if count == nil or createdAt == nil or sampleCount == nil or sampleCount < -1 then
    return redis.error_reply('merge-payload: aggregate ' .. a .. ' (' .. key .. ') has a bad count, created_at or sample count')
  end
  local samples = sampleCount > 0 and {} or NO_SAMPLES
  for j = 1, sampleCount do
    local ok, why = unpackSample(samples, j, ARGV[cursor + j])
    if not ok then
      return redis.error_reply('merge-payload: sample ' .. j .. ' of ' .. key .. ' ' .. why)
    end
  end
  cursor = cursor + 1 + math.max(sampleCount, 0)

  local repeated = slotOf[key] ~= nil
  if not repeated then
    slotOf[key] = FIXED_KEYS + (a - 1) * KEYS_PER_AGGREGATE + 1
    storedOf[key] = tonumber(rcall('HGET', KEYS[TCOUNTS], key))
    metaJsonOf[key] = rcall('HGET', KEYS[AGG], key)
  end
  local previous = storedOf[key]
  local delta, stored = countStep(previous, count)
  local known = metaOf[key] ~= nil or metaJsonOf[key] ~= false
  local meta = (known and delta > 0) and metaFor(key) or nil
  if meta ~= nil and beforeOf[key] == nil then beforeOf[key] = indexPlace(meta) end
  local plan = { key = key, count = count, severity = severity, createdAt = createdAt, sampleCount = math.max(sampleCount, 0), samples = samples, delta = delta, stored = stored, previous = previous }

  if not known and keyCount >= maxKeys then
    plan.refused = 'key_cap'
    capRefused = capRefused + 1
  elseif meta ~= nil and tonumber(meta.c) + delta > MAX_EXACT_COUNT then
    plan.refused = 'count_overflow'
  end

  if plan.refused then
    refusedReply[#refusedReply + 1] = key
    refusedReply[#refusedReply + 1] = plan.refused
  else
    if sampleCount < 0 and (repeated or delta > 0 or not known) and not needSeen[key] then
      need[#need + 1] = key
      needSeen[key] = true
    end
    if not known then
      keyCount = keyCount + 1
      meta = { c = '0', s = severity, ca = createdAt, fs = now, ls = 0, lc = '', lm = '', r = 0, rl = 0, rc = '0', rn = 0, rg = 0 }
      metaOf[key] = meta
      beforeOf[key] = false
      plan.event = 'new'
      plan.created = true
    elseif delta > 0 and meta.r > 0 then
      plan.event = 'regression'
    end
    if delta > 0 or plan.created then
      meta.c = formatCount(tonumber(meta.c) + delta)
      meta.s = severity
      if createdAt < meta.ca then meta.ca = createdAt end
      if delta > 0 and meta.r > 0 then
        -- It grew after being resolved: a regression brings it back.
        meta.r = 0
        meta.rg = now
      end
    end
    storedOf[key] = stored
  end
  plans[a] = plan
end
if #need > 0 then
  return { 'need', 0, need, {} }
end

-- The target's breakdown label values follow the aggregates.
local breakdownCap = tonumber(ARGV[cursor] or 0)
local labelCount = tonumber(ARGV[cursor + 1] or 0)
local trailing = #ARGV - cursor + 1
if breakdownCap == nil or labelCount == nil or (labelCount > 0 and breakdownCap < 1) or (trailing ~= 0 and trailing ~= 2 + 2 * labelCount) then
  return redis.error_reply('merge-payload: the breakdown arguments must be a cap >= 1, a label count and that many label/value pairs')
end
local breakdown = {}
for i = 0, labelCount - 1 do
  breakdown[#breakdown + 1] = { label = ARGV[cursor + 2 + 2 * i], value = ARGV[cursor + 3 + 2 * i] }
end

-- Every key the second pass writes is read here first: a key of the wrong type raises now,
-- before any write, instead of halfway through (Redis does not roll a script back).
rcall('GET', KEYS[VER])
rcall('ZCARD', KEYS[TARGETS])
rcall('HLEN', KEYS[TADDR])
rcall('ZCARD', KEYS[SEEN])
rcall('HLEN', KEYS[SEARCH])
rcall('GET', KEYS[REFUSED])
local probed = {}
local indexProbed = false
for a = 1, aggregateCount do
  local plan = plans[a]
  if not plan.refused and (plan.delta > 0 or plan.created) and not indexProbed then
    indexProbed = true
    for i = INDEX, INDEX + INDEX_TOTALS - 1 do rcall('ZCARD', KEYS[i]) end
    rcall('HLEN', KEYS[INDEX + INDEX_TOTALS])
  end
  if not plan.refused and (plan.delta > 0 or plan.created) and probed[plan.key] == nil then
    local slot = slotOf[plan.key]
    probed[plan.key] = rcall('ZCARD', KEYS[slot])
    rcall('HLEN', KEYS[slot + 1])
    rcall('HLEN', KEYS[slot + 2])
    rcall('HLEN', KEYS[slot + 3])
    rcall('SCARD', KEYS[slot + 4])
    rcall('HLEN', KEYS[slot + 5])
  end
end

-- Second pass: writes only (the sample merge reads the sample set it is about to change).

--- Adds `delta` to a time bucket and forgets buckets older than `kept` buckets.
local function addToTrend(trendKey, bucketSize, kept, delta)
  local bucket = math.floor(now / bucketSize)
  local total = rcall('HINCRBY', trendKey, bucket, delta)
  if total == delta and rcall('HLEN', trendKey) > kept then
    local oldest = bucket - kept
    for _, field in ipairs(rcall('HKEYS', trendKey)) do
      if tonumber(field) <= oldest then rcall('HDEL', trendKey, field) end
    end
  end
end

--- Adds the occurrences of one aggregate to its sample set; returns the newest added (its place and timestamp).
local function mergeSamples(plan, meta, slot)
  local indexKey, dataKey, resolvedKey = KEYS[slot], KEYS[slot + 1], KEYS[slot + 4]
  local byUuid = (meta.rl or 0) > 0 and meta.ru == 1
  local notBefore = meta.rl or 0
  local newest, newestTs = nil, nil
  local size = rcall('ZCARD', indexKey) -- (re-read: an earlier repeat of the key may have added)
  for j = 0, plan.sampleCount - 1 do
    local ts, uuid = sampleTsUuid(plan.samples, j + 1)
    local eligible
    if byUuid then
      -- Growth by delta: at most this target's newest delta occurrences are new.
      eligible = j < plan.delta and rcall('SISMEMBER', resolvedKey, uuid) == 0
    else
      eligible = ts > notBefore
    end
    if eligible and not rcall('ZSCORE', indexKey, uuid) then
      local keep = size < sampleCap
      if not keep then
        local lowest = rcall('ZRANGE', indexKey, 0, 0, 'WITHSCORES')
        keep = lowest[2] ~= nil and ts > tonumber(lowest[2])
      end
      if keep then
        rcall('ZADD', indexKey, ts, uuid)
        rcall('HSET', dataKey, uuid, sampleJson(plan.samples, j + 1))
        size = size + 1
        if size > sampleCap then
          local evicted = rcall('ZPOPMIN', indexKey, size - sampleCap)
          for e = 1, #evicted, 2 do rcall('HDEL', dataKey, evicted[e]) end
          size = sampleCap
        end
        if newest == nil or ts > newestTs then newest, newestTs = j + 1, ts end
      end
    end
  end
  return newest, newestTs
end

--- "count|first|last" of a breakdown field, as numbers.
local function parseTally(tally)
  local c, f, l = string.match(tally or '', '^(%d+)|(%d+)|(%d+)$')
  return tonumber(c), tonumber(f), tonumber(l)
end

--- Adds `delta` to one value of one label; past breakdownCap values the least recently seen goes to "other".
local function addToBreakdown(breakdownKey, label, value, delta)
  local field = label .. '\n' .. value
  local c, f = parseTally(rcall('HGET', breakdownKey, field))
  if c == nil then
    c, f = 0, now
    local labelHead = label .. '\n'
    local kept, oldestField, oldestLast = 0, nil, nil
    local all = rcall('HGETALL', breakdownKey)
    for i = 1, #all, 2 do
      if #all[i] > #labelHead and string.sub(all[i], 1, #labelHead) == labelHead then
        kept = kept + 1
        local _, _, last = parseTally(all[i + 1])
        if oldestLast == nil or (last or 0) < oldestLast then oldestField, oldestLast = all[i], last or 0 end
      end
    end
    if kept >= breakdownCap and oldestField then
      local oc, of, ol = parseTally(rcall('HGET', breakdownKey, oldestField))
      local rc, rf, rl = parseTally(rcall('HGET', breakdownKey, labelHead))
      rc, rf, rl = (rc or 0) + (oc or 0), math.min(rf or of or now, of or now), math.max(rl or 0, ol or 0)
      rcall('HSET', breakdownKey, labelHead, formatCount(rc) .. '|' .. formatCount(rf) .. '|' .. formatCount(rl))
      rcall('HDEL', breakdownKey, oldestField)
      foldBreakdownTrend(breakdownKey, oldestField, labelHead, now)
    end
  end
  rcall('HSET', breakdownKey, field, formatCount(c + delta) .. '|' .. formatCount(f) .. '|' .. formatCount(now))
  addToBreakdownTrend(breakdownKey, field, delta, now)
end

local changed = {}
local dirty, dirtyOrder = {}, {}
local seenArgs = {}
for a = 1, aggregateCount do
  local plan = plans[a]
  local key = plan.key
  if not plan.refused then
    local meta = metaOf[key]
    local slot = slotOf[key]
    if plan.stored ~= plan.previous then rcall('HSET', KEYS[TCOUNTS], key, formatCount(plan.stored)) end
    if plan.delta > 0 or plan.created then
      local newest, newestTs = mergeSamples(plan, meta, slot)
      if newest then
        if newestTs >= meta.ls then
          local class, message, search = sampleText(plan.samples, newest)
          meta.ls = newestTs
          meta.lc = class
          meta.lm = string.sub(message, 1, MAX_LATEST_MESSAGE)
          rcall('HSET', KEYS[SEARCH], key, search)
        end
      elseif plan.sampleCount == 0 and plan.delta > 0 and now > meta.ls then
        meta.ls = now -- counted without samples: seen by this merge at the latest
      end
      if plan.delta > 0 then
        addToTrend(KEYS[slot + 2], MINUTE, MINUTES_KEPT, plan.delta)
        addToTrend(KEYS[slot + 3], HOUR, HOURS_KEPT, plan.delta)
        for _, lv in ipairs(breakdown) do addToBreakdown(KEYS[slot + 5], lv.label, lv.value, plan.delta) end
        changed[#changed + 1] = key
        changed[#changed + 1] = plan.delta
        changed[#changed + 1] = plan.severity
        changed[#changed + 1] = plan.event or ''
      end
      if not dirty[key] then
        dirty[key] = true
        dirtyOrder[#dirtyOrder + 1] = key
      end
    end
    seenArgs[#seenArgs + 1] = now
    seenArgs[#seenArgs + 1] = key
  end
end
-- The list's indexes already built (or a service without keys so far: nothing to build) stay whole.
if #dirtyOrder > 0 and rcall('HLEN', KEYS[AGG]) == 0 then markIndexBuilt(INDEX) end
for _, key in ipairs(dirtyOrder) do
  rcall('HSET', KEYS[AGG], key, cjson.encode(metaOf[key]))
  indexUpdate(INDEX, key, beforeOf[key] or nil, indexPlace(metaOf[key]))
end
-- In slices: unpack has a bounded stack.
for i = 1, #seenArgs, 400 do
  rcall('ZADD', KEYS[SEEN], unpack(seenArgs, i, math.min(i + 399, #seenArgs)))
end

if rcall('EXISTS', KEYS[TCOUNTS]) == 1 then rcall('PEXPIRE', KEYS[TCOUNTS], targetTtl) end
rcall('ZADD', KEYS[TARGETS], now, targetId)
rcall('HSET', KEYS[TADDR], targetId, address)
rcall('HSET', KEYS[TCYCLE], targetId, ARGV[3])
if capRefused > 0 then rcall('INCRBY', KEYS[REFUSED], capRefused) end
if #dirtyOrder > 0 then rcall('INCR', KEYS[VER]) end

return { 'ok', #dirtyOrder, changed, refusedReply, now }

--[[
  The unchanged-body check of a scrape, in one call. When the target's health says its last
  merge was clean (status up), of a body with this digest, under a counter identity, the scrape
  is recorded without merging: merging the same payload again would change no count, sample or
  meta, so only the target's liveness moves. Otherwise nothing is written and the answer says
  what the full merge needs: whether the target has any health, and the identity of its last
  clean merge. Read and write happen in one script, so a merge of another body in between can
  never be touched over.

  Refreshed like a merge of that body would: the target's last merge (Redis TIME) that target
  expiry reads, its address and cycle, the TTL of its counts, the last-reported time of the keys
  it counted (only keys still in seen: a key already forgotten comes back with the next merge),
  and its health: the stored JSON with lastScrapeMs (Redis's time) and durationMs replaced, every
  other field as it was.

  The counts key of the identity must be declared, and only the health names that identity: the
  caller passes the identity it expects (learned from an earlier answer). When it is not the one
  stored (or the caller knew none), the answer is { "retarget", id } and nothing is written; the
  caller calls again with that identity.

  KEYS[1]  targets   zset: target id -> Redis time of its last merge
  KEYS[2]  taddr     hash: target id -> address
  KEYS[3]  tcycle    hash: target id -> cycle of its last merge
  KEYS[4]  seen      zset: aggregation key -> Redis time it was last reported
  KEYS[5]  health    hash: address -> scrape health JSON
  KEYS[6]  t:<id>    hash: aggregation key -> the expected identity's last (high-water) count;
                     absent when ARGV[1] is empty
  ARGV[1]  expected target id, or '' when the caller knows none
  ARGV[2]  target address
  ARGV[3]  cycle         the job's cycle (a payload of an older cycle than the last merged is stale)
  ARGV[4]  targetTtlMs   the target's counts expire if it is not merged this long
  ARGV[5]  digest        the body's digest
  ARGV[6]  durationMs    the scrape's wall time so far (whole ms), for the health
  Returns  { "ok", nowMs, aggregates }  refreshed (aggregates: what the unchanged payload carries)
           { "stale" }                   unchanged, but an older cycle than the last merge: nothing written
           { "retarget", id }            unchanged, under identity id, not the expected one: nothing written
           { "changed" }                 the target has no health (never scraped): nothing written
           { "changed", id }             another body, a failure or a merge that refused keys; id is the
                                         identity of the last clean merge, '' when the health names none
]]
--- @include "redis-time"
local rcall = redis.call

local expected, address, digest = ARGV[1], ARGV[2], ARGV[5]
local cycle = tonumber(ARGV[3])
local targetTtl = tonumber(ARGV[4])
local durationMs = tonumber(ARGV[6])
if not (cycle and targetTtl and durationMs) or durationMs < 0 or durationMs ~= math.floor(durationMs) or digest == nil or digest == '' then
  return redis.error_reply('touch-target: cycle and targetTtlMs must be numbers, durationMs a whole number of ms, and the digest must be set')
end
if #KEYS ~= (expected == '' and 5 or 6) then
  return redis.error_reply('touch-target: 6 keys with an expected target id, 5 without')
end

local stored = rcall('HGET', KEYS[5], address)
if not stored then
  return { 'changed' }
end
local health = cjson.decode(stored)
local targetId = type(health.targetId) == 'string' and health.targetId or ''
if health.status ~= 'up' or health.bodyDigest ~= digest or targetId == '' then
  return { 'changed', targetId }
end

-- The health with one number field's value replaced. Its keys are JSON-quoted without escapes,
-- so '"<field>":' can only be the key itself, never text inside a string value.
local function withNumber(json, field, value)
  local key = '"' .. field .. '":'
  local at = string.find(json, key, 1, true)
  if not at then
    return nil
  end
  local from = at + #key
  local _, to = string.find(json, '^-?[%d%.eE%+%-]+', from)
  if not to then
    return nil
  end
  return string.sub(json, 1, from - 1) .. value .. string.sub(json, to + 1)
end

local lastCycle = tonumber(rcall('HGET', KEYS[3], targetId))
if lastCycle and cycle < lastCycle then
  return { 'stale' }
end
if targetId ~= expected then
  return { 'retarget', targetId }
end

local now = redisNowMs()
local touched = withNumber(stored, 'lastScrapeMs', now)
touched = touched and withNumber(touched, 'durationMs', string.format('%d', durationMs))
if not touched then
  -- A health this code did not write: the full merge writes a whole one.
  return { 'changed', targetId }
end

rcall('ZADD', KEYS[1], now, targetId)
rcall('HSET', KEYS[2], targetId, address)
rcall('HSET', KEYS[3], targetId, ARGV[3])
if rcall('EXISTS', KEYS[6]) == 1 then
  rcall('PEXPIRE', KEYS[6], targetTtl)
  local counted = rcall('HKEYS', KEYS[6])
  -- In slices: unpack has a bounded stack. XX: only keys still kept are refreshed.
  for i = 1, #counted, 400 do
    local args = {}
    for j = i, math.min(i + 399, #counted) do
      args[#args + 1] = now
      args[#args + 1] = counted[j]
    end
    rcall('ZADD', KEYS[4], 'XX', unpack(args))
  end
end
rcall('HSET', KEYS[5], address, touched)
return { 'ok', now, type(health.aggregates) == 'number' and health.aggregates or 0 }

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
  ARGV[7]  the expected target id as a JSON string literal (JSON.stringify), to find it in the
           stored health without decoding it
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
if #KEYS ~= (expected == '' and 5 or 6) or ARGV[7] == nil then
  return redis.error_reply('touch-target: 6 keys with an expected target id, 5 without, and 7 arguments')
end

local stored = rcall('HGET', KEYS[5], address)
if not stored then
  return { 'changed' }
end

-- The health is JSON as JSON.stringify writes it: a key's '"<name>":' can only be the key itself
-- (quotes inside strings are escaped) and a string's literal is canonical, so the common case (the
-- same body, under the expected identity) is decided by plain finds; anything else is decoded.
local function has(literal)
  return string.find(stored, literal, 1, true) ~= nil
end
local targetId = expected
if expected == '' or not (has('"bodyDigest":"' .. digest .. '"') and has('"status":"up"') and has('"targetId":' .. ARGV[7])) then
  local health = cjson.decode(stored)
  targetId = type(health.targetId) == 'string' and health.targetId or ''
  if health.status ~= 'up' or health.bodyDigest ~= digest or targetId == '' then
    return { 'changed', targetId }
  end
end

local lastCycle = tonumber(rcall('HGET', KEYS[3], targetId))
if lastCycle and cycle < lastCycle then
  return { 'stale' }
end
if targetId ~= expected then
  return { 'retarget', targetId }
end

-- Where the value after a key ('"<field>":') starts and ends: a number or null, so up to the next
-- ',' or '}'.
local function valueAt(key)
  local at = string.find(stored, key, 1, true)
  if not at then
    return nil
  end
  local from = at + #key
  local to = string.find(stored, '[,}]', from)
  return to and from, to and to - 1
end
local now = redisNowMs()
-- The stored health with lastScrapeMs and durationMs replaced, every other byte as it was.
local s1, e1 = valueAt('"lastScrapeMs":')
local s2, e2 = valueAt('"durationMs":')
if not (s1 and s2) then
  -- A health this code did not write: the full merge writes a whole one.
  return { 'changed', targetId }
end
local v1, v2 = now, string.format('%d', durationMs)
if s2 < s1 then
  s1, e1, s2, e2, v1, v2 = s2, e2, s1, e1, v2, v1
end
local touched = string.sub(stored, 1, s1 - 1) .. v1 .. string.sub(stored, e1 + 1, s2 - 1) .. v2 .. string.sub(stored, e2 + 1)
local aggregatesAt = string.find(stored, '"aggregates":', 1, true)
local aggregates = aggregatesAt and tonumber(string.match(stored, '^%d+', aggregatesAt + 13)) or 0

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
return { 'ok', now, aggregates }

--[[
  Records a scrape whose body is byte for byte the one last merged for this target, without
  merging it: merging the same payload again would change no count, sample or meta, so only the
  target's liveness moves. The caller compared the body's digest with the one the target's health
  carries; it is compared again here, atomically, so a merge of another body in between sends the
  caller down the full path ("changed") instead of touching on a digest that no longer holds.

  Refreshed like a merge of that body would: the target's last merge (Redis TIME) that target
  expiry reads, its address and cycle, the TTL of its counts, the last-reported time of the keys
  it counted (only keys still in seen: a key already forgotten comes back with the next merge),
  and its health, written up at Redis's time.

  KEYS[1]  targets   zset: target id -> Redis time of its last merge
  KEYS[2]  taddr     hash: target id -> address
  KEYS[3]  tcycle    hash: target id -> cycle of its last merge
  KEYS[4]  seen      zset: aggregation key -> Redis time it was last reported
  KEYS[5]  health    hash: address -> scrape health JSON
  KEYS[6]  t:<id>    hash: aggregation key -> this target's last (high-water) count
  ARGV[1]  target id
  ARGV[2]  target address
  ARGV[3]  cycle         the job's cycle (a payload of an older cycle than the last merged is stale)
  ARGV[4]  targetTtlMs   the target's counts expire if it is not merged this long
  ARGV[5]  digest        the body's digest, as the stored health spells it ("bodyDigest":"<digest>")
  ARGV[6]  health head   the new health JSON up to its lastScrapeMs value
  ARGV[7]  health tail   the rest of it (the script puts Redis's time in between)
  Returns  { "ok", nowMs }, { "stale" } or { "changed" } (the stored digest differs: nothing written)
]]
--- @include "redis-time"
local rcall = redis.call

local targetId, address, digest = ARGV[1], ARGV[2], ARGV[5]
local cycle = tonumber(ARGV[3])
local targetTtl = tonumber(ARGV[4])
if not (cycle and targetTtl) or digest == nil or digest == '' then
  return redis.error_reply('touch-target: cycle and targetTtlMs must be numbers and the digest must be set')
end

local stored = rcall('HGET', KEYS[5], address)
if not stored or not string.find(stored, '"bodyDigest":"' .. digest .. '"', 1, true) then
  return { 'changed' }
end
local lastCycle = tonumber(rcall('HGET', KEYS[3], targetId))
if lastCycle and cycle < lastCycle then
  return { 'stale' }
end

local now = redisNowMs()
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
rcall('HSET', KEYS[5], address, ARGV[6] .. now .. ARGV[7])
return { 'ok', now }

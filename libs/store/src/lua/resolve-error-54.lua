--[[
  Resolves an aggregation key: it leaves the service's list until its count grows again (a
  regression). Its samples are dropped so a regression shows only new occurrences, and their
  uuids are remembered: an occurrence known now is never shown as the cause of a regression,
  and one not known now is, even if its timestamp is older than the resolve (a client clock
  behind). The lifetime count, first occurrence and how often it was resolved are kept.

  KEYS[1]  agg       hash: aggregation key -> aggregate meta (JSON)
  KEYS[2]  ver       the service's change counter
  KEYS[3]  s:<key>   sample index zset (uuid -> time)
  KEYS[4]  d:<key>   sample data hash
  KEYS[5]  ru:<key>  set: uuids of the samples at the resolve (bounded by the sample cap)
  KEYS[6..54]        the error list's indexes and totals (see includes/error-index.lua)
  ARGV[1]  aggregation key
  Returns  1 when the key existed, 0 otherwise.
]]
--- @include "redis-time"
--- @include "counts"
local rcall = redis.call
--- @include "error-index"
local INDEX = 6
local key = ARGV[1]

local metaJson = rcall('HGET', KEYS[1], key)
if not metaJson then return 0 end
local meta = cjson.decode(metaJson)
local before = indexPlace(meta)
local count = tonumber(meta.c)
local known = rcall('ZRANGE', KEYS[3], 0, -1)

local now = redisNowMs()
meta.r = now
meta.rl = now
meta.rc = formatCount(count)
meta.c = formatCount(count)
meta.rn = (meta.rn or 0) + 1
meta.rg = 0
meta.ru = 1
rcall('HSET', KEYS[1], key, cjson.encode(meta))
indexUpdate(INDEX, key, before, indexPlace(meta))
rcall('DEL', KEYS[5])
for i = 1, #known, 500 do
  rcall('SADD', KEYS[5], unpack(known, i, math.min(i + 499, #known)))
end
rcall('DEL', KEYS[3], KEYS[4])
rcall('INCR', KEYS[2])
return 1

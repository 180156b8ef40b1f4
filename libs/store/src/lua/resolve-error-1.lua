--[[
  Resolves an aggregation key: it leaves the service's list until its count grows again
  (a regression). Its samples are dropped so a regression shows only new occurrences; the
  lifetime count, first occurrence and how often it was resolved are kept.

  KEYS[1]  <prefix>agg   hash: aggregation key -> aggregate meta (JSON)
  ARGV[1]  aggregation key
  ARGV[2]  nowMs
  Returns  1 when the key existed, 0 otherwise.
]]
local rcall = redis.call
local aggKey = KEYS[1]
local prefix = string.sub(aggKey, 1, #aggKey - 3)
local key = ARGV[1]
local now = tonumber(ARGV[2])

local metaJson = rcall('HGET', aggKey, key)
if not metaJson then return 0 end

local meta = cjson.decode(metaJson)
meta.r = now
meta.rl = now
meta.rc = meta.c
meta.rn = (meta.rn or 0) + 1
meta.rg = 0
rcall('HSET', aggKey, key, cjson.encode(meta))
rcall('DEL', prefix .. 's:' .. key, prefix .. 'd:' .. key)
rcall('INCR', prefix .. 'ver')
return 1

--[[
  Forgets targets not merged for ttlMs of Redis time: their counts, address and last cycle. The
  caller reads candidates (ZRANGEBYSCORE on targets) and sends one batch per call; the condition
  is checked again here, so a target merged in between is kept.

  KEYS[1]  targets   zset: target id -> Redis time of its last merge
  KEYS[2]  taddr     hash: target id -> address
  KEYS[3]  tcycle    hash: target id -> cycle of its last merge
  KEYS[3+i]  t:<id>  hash: the i-th candidate's counts
  ARGV[1]  ttlMs
  ARGV[1+i]  the i-th candidate target id
  Returns  how many targets were forgotten.
]]
--- @include "redis-time"
local rcall = redis.call
local ttl = tonumber(ARGV[1])
if ttl == nil or #KEYS ~= #ARGV + 2 then
  return redis.error_reply('expire-targets: ttlMs must be a number and each target id needs its counts key')
end
local cutoff = redisNowMs() - ttl
local forgotten = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local last = tonumber(rcall('ZSCORE', KEYS[1], id))
  if last and last <= cutoff then
    rcall('ZREM', KEYS[1], id)
    rcall('HDEL', KEYS[2], id)
    rcall('HDEL', KEYS[3], id)
    rcall('DEL', KEYS[i + 2])
    forgotten = forgotten + 1
  end
end
return forgotten

--[[
  Claims a service's scrape cycle for one scheduler. Every scheduler replica ticks on the same
  cycle boundaries (time / refresh interval); the first to claim cycle N enqueues its jobs, the
  others skip it. A scheduler that dies is replaced at the next boundary by whichever is alive.

  KEYS[1]  <prefix>cycle   the last claimed cycle number of the service
  ARGV[1]  cycle number
  ARGV[2]  claimant id (for operators: who enqueued the last cycle)
  ARGV[3]  ttlMs           the claim outlives a few cycles, then the key goes away by itself
  Returns  1 when claimed, 0 when another scheduler already has this or a later cycle.
]]
local rcall = redis.call
local cycle = tonumber(ARGV[1])
local current = rcall('HGET', KEYS[1], 'cycle')
if current and tonumber(current) >= cycle then
  return 0
end
rcall('HSET', KEYS[1], 'cycle', cycle, 'by', ARGV[2])
rcall('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1

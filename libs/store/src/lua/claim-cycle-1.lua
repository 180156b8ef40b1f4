--[[
  Claims a service's scrape cycle for one scheduler, on Redis's clock. Cycle boundaries are the
  multiples of the refresh interval in Redis's TIME (in ms), so every scheduler replica agrees on
  them whatever its own clock says; the first to claim a boundary enqueues its jobs, the others
  skip it. The claim stores the boundary as a time in ms, not a cycle number: it only grows, also
  across a change of the interval, so after a change (up or down, by any replica) the next
  boundary of the new interval that is later than the last claim is claimed, and no boundary is
  ever enqueued twice. A scheduler that dies is replaced at the next boundary by whichever is alive.

  KEYS[1]  <prefix>cycle   hash: cycle (the last claimed boundary, ms on Redis's clock),
                           interval (ms) and by (claimant, for operators)
  ARGV[1]  intervalMs      the claimant's refresh interval for the service (>= 1)
  ARGV[2]  claimant id
  ARGV[3]  ttlMs           the claim outlives a few cycles, then the key goes away by itself
  Returns  { claimed (1 or 0), boundary (ms; the cycle token when claimed), nextInMs (until the
           next boundary of this interval, on Redis's clock) }
]]
local rcall = redis.call
local interval = tonumber(ARGV[1])
if not interval or interval < 1 then
  return redis.error_reply('claim-cycle: intervalMs must be a positive number, got ' .. tostring(ARGV[1]))
end
local time = rcall('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local boundary = math.floor(now / interval) * interval
local nextIn = boundary + interval - now

local last = tonumber(rcall('HGET', KEYS[1], 'cycle') or '')
if last and last >= boundary then
  return { 0, string.format('%.0f', boundary), nextIn }
end
rcall('HSET', KEYS[1], 'cycle', string.format('%.0f', boundary), 'interval', string.format('%.0f', interval), 'by', ARGV[2])
rcall('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return { 1, string.format('%.0f', boundary), nextIn }

--[[
  Records that a scheduler has these services in its config, on Redis's clock, and forgets
  services no scheduler has had for the retention time. Names still in the older plain set
  (SERVICES_KEY) are moved into the registry as seen now, so they too leave after the retention
  unless a scheduler configures them again.

  KEYS[1]  registry        zset: service -> Redis time (ms) last configured
  KEYS[2]  services        set of service names written by older versions (emptied here)
  ARGV[1]  retentionMs     services not configured for this long are removed
  ARGV[2..n] service names configured now
  Returns  Redis time (ms) used as "now"
]]
local rcall = redis.call
local time = rcall('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local nowText = string.format('%.0f', now)

if rcall('SCARD', KEYS[2]) > 0 then
  for _, name in ipairs(rcall('SMEMBERS', KEYS[2])) do
    rcall('ZADD', KEYS[1], 'NX', nowText, name)
  end
  rcall('DEL', KEYS[2])
end
for i = 2, #ARGV do
  rcall('ZADD', KEYS[1], nowText, ARGV[i])
end
rcall('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', now - tonumber(ARGV[1])))
return now

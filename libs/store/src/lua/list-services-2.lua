--[[
  The services to list: those a scheduler configured within the retention time (Redis's clock),
  and any still in the older plain set (a scheduler moves them into the registry at its next cycle).

  KEYS[1]  registry        zset: service -> Redis time (ms) last configured
  KEYS[2]  services        set of service names written by older versions
  ARGV[1]  retentionMs
  Returns  service names (unsorted, may repeat)
]]
local rcall = redis.call
local time = rcall('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local names = rcall('ZRANGEBYSCORE', KEYS[1], string.format('%.0f', now - tonumber(ARGV[1])), '+inf')
for _, name in ipairs(rcall('SMEMBERS', KEYS[2])) do
  names[#names + 1] = name
end
return names

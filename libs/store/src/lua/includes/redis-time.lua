--[[
  The one clock: Redis's own, in epoch milliseconds. A scraper's or API node's wall clock never
  reaches stored times, so a node with a broken clock changes no count and forgets no target.
]]
local function redisNowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

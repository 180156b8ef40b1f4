--[[
  The recent trend of each breakdown label value: beside its tally in the key's breakdown hash, a
  field "~<label>\n<value>" holds "hour:count,hour:count,..." (hour = Redis ms / 3600000), at most
  BREAKDOWN_TREND_HOURS buckets, older ones dropped on write. One field per kept value, so the
  trend is bounded by the same cap as the values; a value folded into "other" folds its trend too.
  Label names never start with "~" (Prometheus label names), so these fields never look like tallies.
  Needs `rcall` and `formatCount` (includes/counts).
]]
local BREAKDOWN_TREND_HOURS = 24
local BREAKDOWN_TREND_HOUR_MS = 3600000

--- "hour:count,..." -> { [hour] = count }, buckets older than the window of `currentHour` dropped.
local function readTrendRing(ring, currentHour)
  local buckets = {}
  for hour, count in string.gmatch(ring or '', '(%d+):(%d+)') do
    local h = tonumber(hour)
    if h > currentHour - BREAKDOWN_TREND_HOURS then buckets[h] = (buckets[h] or 0) + tonumber(count) end
  end
  return buckets
end

local function writeTrendRing(breakdownKey, trendField, buckets)
  local hours = {}
  for h in pairs(buckets) do hours[#hours + 1] = h end
  table.sort(hours)
  local parts = {}
  for _, h in ipairs(hours) do parts[#parts + 1] = formatCount(h) .. ':' .. formatCount(buckets[h]) end
  if #parts == 0 then
    rcall('HDEL', breakdownKey, trendField)
  else
    rcall('HSET', breakdownKey, trendField, table.concat(parts, ','))
  end
end

--- Adds `delta` to the current hour of the value's trend (`field` is its tally field "<label>\n<value>").
local function addToBreakdownTrend(breakdownKey, field, delta, nowMs)
  local trendField = '~' .. field
  local currentHour = math.floor(nowMs / BREAKDOWN_TREND_HOUR_MS)
  local buckets = readTrendRing(rcall('HGET', breakdownKey, trendField), currentHour)
  buckets[currentHour] = (buckets[currentHour] or 0) + delta
  writeTrendRing(breakdownKey, trendField, buckets)
end

--- Moves the trend of a value being folded (`fromField`) into "other"'s (`toField`).
local function foldBreakdownTrend(breakdownKey, fromField, toField, nowMs)
  local currentHour = math.floor(nowMs / BREAKDOWN_TREND_HOUR_MS)
  local from = readTrendRing(rcall('HGET', breakdownKey, '~' .. fromField), currentHour)
  local into = readTrendRing(rcall('HGET', breakdownKey, '~' .. toField), currentHour)
  for h, c in pairs(from) do into[h] = (into[h] or 0) + c end
  rcall('HDEL', breakdownKey, '~' .. fromField)
  writeTrendRing(breakdownKey, '~' .. toField, into)
end

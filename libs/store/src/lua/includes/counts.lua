--[[
  Counts are exact integers up to 2^53-1 (Lua numbers are doubles). cjson and tostring print only
  14 significant digits, so a count is written with string.format('%d') (64-bit), stored in the
  meta JSON as a string, and read back with tonumber.
]]
local MAX_EXACT_COUNT = 9007199254740991

local function formatCount(n)
  return string.format('%d', n)
end

--- A count argument: a non-negative integer within the exact range, or nil.
local function parseCount(value)
  local n = tonumber(value)
  if n == nil or n < 0 or n > MAX_EXACT_COUNT or n ~= math.floor(n) then return nil end
  return n
end

--[[
  Builds the error list's indexes and totals from the aggregates, for a service whose keys were
  merged before the indexes existed (the writing scripts keep them from then on). One call, so no
  merge interleaves: O(keys), once per service and index layout.

  KEYS[1]  agg       hash: aggregation key -> aggregate meta (JSON)
  KEYS[2..50]        the error list's indexes and totals (see includes/error-index.lua)
  ARGV[1]  "force": rebuild even when the indexes are marked built (anything else: only if not)
  Returns  the number of keys indexed, or -1 when they were already built.
]]
--- @include "counts"
local rcall = redis.call
--- @include "error-index"
local INDEX = 2

if ARGV[1] ~= 'force' and indexBuilt(INDEX) then return -1 end
for i = INDEX, INDEX + INDEX_TOTALS do rcall('DEL', KEYS[i]) end
local all = rcall('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  indexUpdate(INDEX, all[i], nil, indexPlace(cjson.decode(all[i + 1])))
end
markIndexBuilt(INDEX)
return #all / 2

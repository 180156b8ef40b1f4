--[[
  The error list's indexes, kept by every script that changes a key, so a dashboard page is a
  range read instead of a sort of the whole service.

  For each sort (latest, count, first, key), each status (active, resolved, all) and each severity
  filter (any, error, warning, info) one zset: aggregation key -> its value for the sort, in the
  units the API compares (last seen and created_at in Unix seconds, the total count, 0 for the key
  sort so Redis orders by the key itself). A key is in its status's and "all"'s zsets of severity
  "any", and of its own severity when that is one the list filters by. Then a totals hash:
  "keys|<status>|<severity>" and "count|<status>|<severity>" (status active or resolved, the
  severity as stored) and "built" (the layout below, once the indexes hold every key).

  The caller passes the 49 keys in keys.ts's errorIndexKeys order; `base` is the KEYS index of the
  first. Needs counts.lua (formatCount) and a local `rcall`.
]]
local INDEX_LAYOUT = '1'
local INDEX_SORT_COUNT, INDEX_STATUS_COUNT, INDEX_SEVERITY_COUNT = 4, 3, 4
local INDEX_TOTALS = INDEX_SORT_COUNT * INDEX_STATUS_COUNT * INDEX_SEVERITY_COUNT
local INDEX_STATUS_NAMES = { 'active', 'resolved' }
local INDEX_SEVERITY_OF = { error = 2, warning = 3, info = 4 }
local INDEX_ALL = 3

--- Where a key stands in the indexes, from its meta (nil: a key the list does not hold).
local function indexPlace(meta)
  if meta == nil then return nil end
  local shown = tonumber(meta.ls) or 0
  if shown == 0 then shown = tonumber(meta.fs) or 0 end
  return {
    status = (tonumber(meta.r) or 0) > 0 and 2 or 1,
    severity = meta.s,
    severityFilter = INDEX_SEVERITY_OF[meta.s],
    count = tonumber(meta.c),
    scores = { math.floor(shown / 1000), tonumber(meta.c), math.floor(tonumber(meta.ca) / 1000), 0 },
  }
end

local function indexKey(base, sort, status, severityFilter)
  return KEYS[base + ((sort - 1) * INDEX_STATUS_COUNT + (status - 1)) * INDEX_SEVERITY_COUNT + (severityFilter - 1)]
end

--- The (status, severity filter) cells a place is listed in.
local function indexCells(place)
  local cells = { place.status * 10 + 1, INDEX_ALL * 10 + 1 }
  if place.severityFilter then
    cells[3] = place.status * 10 + place.severityFilter
    cells[4] = INDEX_ALL * 10 + place.severityFilter
  end
  return cells
end

local function addToTotal(totals, field, by)
  if by ~= 0 and rcall('HINCRBY', totals, field, formatCount(by)) == 0 then rcall('HDEL', totals, field) end
end

--- Moves one key from its place `before` to `after` (either nil: the key is new, or gone).
local function indexUpdate(base, key, before, after)
  local totals = KEYS[base + INDEX_TOTALS]
  local keep = {}
  if after then
    for _, cell in ipairs(indexCells(after)) do keep[cell] = true end
  end
  local had = {}
  if before then
    for _, cell in ipairs(indexCells(before)) do
      had[cell] = true
      if not keep[cell] then
        for sort = 1, INDEX_SORT_COUNT do rcall('ZREM', indexKey(base, sort, math.floor(cell / 10), cell % 10), key) end
      end
    end
  end
  if after then
    for _, cell in ipairs(indexCells(after)) do
      for sort = 1, INDEX_SORT_COUNT do
        if not had[cell] or before.scores[sort] ~= after.scores[sort] then
          rcall('ZADD', indexKey(base, sort, math.floor(cell / 10), cell % 10), after.scores[sort], key)
        end
      end
    end
  end
  local sameCell = before and after and before.status == after.status and before.severity == after.severity
  if sameCell then
    addToTotal(totals, 'count|' .. INDEX_STATUS_NAMES[after.status] .. '|' .. after.severity, after.count - before.count)
    return
  end
  if before then
    addToTotal(totals, 'keys|' .. INDEX_STATUS_NAMES[before.status] .. '|' .. before.severity, -1)
    addToTotal(totals, 'count|' .. INDEX_STATUS_NAMES[before.status] .. '|' .. before.severity, -before.count)
  end
  if after then
    addToTotal(totals, 'keys|' .. INDEX_STATUS_NAMES[after.status] .. '|' .. after.severity, 1)
    addToTotal(totals, 'count|' .. INDEX_STATUS_NAMES[after.status] .. '|' .. after.severity, after.count)
  end
end

--- True when the indexes hold every key (built by rebuild-index, or kept since the service's first key).
local function indexBuilt(base)
  return rcall('HGET', KEYS[base + INDEX_TOTALS], 'built') == INDEX_LAYOUT
end

local function markIndexBuilt(base)
  rcall('HSET', KEYS[base + INDEX_TOTALS], 'built', INDEX_LAYOUT)
end

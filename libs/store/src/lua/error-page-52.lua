--[[
  One page of a service's error list, read from the indexes the writing scripts keep: a range of
  one sorted set plus the page's metas, O(log n + page) whatever the service's size.

  Order: by the sort's value, ties by the key ascending in both directions (the order the API has
  always answered). Ascending is the zset's own order. Descending is ZREVRANGE's order for the
  values, but ZREVRANGE also reverses the keys within a tie; so for each value on the page its
  group of equal values is located by ZCOUNT and read forwards with ZRANGE by rank.

  KEYS[1]  agg       hash: aggregation key -> aggregate meta (JSON)
  KEYS[2]  ver       the service's change counter
  KEYS[3]  refused   string: new keys refused by the key cap
  KEYS[4..52]        the error list's indexes and totals (see includes/error-index.lua)
  ARGV[1]  sort        1 latest, 2 count, 3 first, 4 key
  ARGV[2]  status      1 active, 2 resolved, 3 all
  ARGV[3]  severity    1 any, 2 error, 3 warning, 4 info
  ARGV[4]  order       "asc" or "desc"
  ARGV[5]  offset
  ARGV[6]  limit       at most 1000
  Returns  { "ok", version, keysRefused, total, { key, metaJson, ... } }, or { "unbuilt" } when the
           indexes do not hold every key (never built, or keys merged by an older script version):
           run rebuild-index ("force" for the latter) first.
]]
--- @include "counts"
local rcall = redis.call
--- @include "error-index"
local INDEX = 4

local sort, status, severity = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local descending = ARGV[4] == 'desc'
local offset, limit = tonumber(ARGV[5]), tonumber(ARGV[6])
if not (sort and status and severity and offset and limit) or sort < 1 or sort > 4 or status < 1 or status > 3 or severity < 1 or severity > 4
  or offset < 0 or limit < 1 or limit > 1000 or (ARGV[4] ~= 'asc' and not descending) then
  return redis.error_reply('error-page: sort 1-4, status 1-3, severity 1-4, order asc|desc, offset >= 0 and limit 1-1000 expected')
end
-- Every key is in the "all"/"any" sets; a different size means keys were written by a script
-- that does not keep the indexes (a merge of an older version during a rolling upgrade).
if not indexBuilt(INDEX) or rcall('HLEN', KEYS[1]) ~= rcall('ZCARD', indexKey(INDEX, 4, INDEX_ALL, 1)) then return { 'unbuilt' } end

local set = indexKey(INDEX, sort, status, severity)
local total = rcall('ZCARD', set)
local keys = {}
if offset < total then
  local last = math.min(offset + limit, total) - 1
  if not descending then
    keys = rcall('ZRANGE', set, offset, last)
  elseif sort == 4 then
    keys = rcall('ZREVRANGE', set, offset, last) -- the key sort: the keys themselves descend
  else
    local values = rcall('ZREVRANGE', set, offset, last, 'WITHSCORES')
    local position = offset
    local i = 1
    while i <= #values do
      local score = values[i + 1]
      local j = i
      while j <= #values and values[j + 1] == score do j = j + 2 end
      local take = (j - i) / 2
      local below = rcall('ZCOUNT', set, '-inf', '(' .. score)
      local tied = rcall('ZCOUNT', set, score, score)
      local groupStart = total - below - tied -- position of the group's first key, descending
      local from = below + (position - groupStart)
      for _, key in ipairs(rcall('ZRANGE', set, from, from + take - 1)) do keys[#keys + 1] = key end
      position = position + take
      i = j
    end
  end
end

local page = {}
if #keys > 0 then
  local metas = rcall('HMGET', KEYS[1], unpack(keys))
  for i, key in ipairs(keys) do
    page[#page + 1] = key
    page[#page + 1] = metas[i] or ''
  end
end
return { 'ok', rcall('GET', KEYS[2]) or '0', rcall('GET', KEYS[3]) or '0', total, page }

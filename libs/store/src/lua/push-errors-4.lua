--[[
  Merges one push into the pushgateway's state, counting exactly: a job sends its cumulative
  total_count per key, so only the growth since its last push is added.

  KEYS[1] aggregates hash   key -> {"c": count, "s": severity, "f": created_at ms}
  KEYS[2] samples hash      key -> [{"u": uuid, "t": ms, "j": occurrence JSON}], oldest first
  KEYS[3] key-seen zset     key -> last push ms
  KEYS[4] job hash          key -> last total_count sent by this job (expires when idle)

  ARGV[1] now ms
  ARGV[2] job idle ms (the job hash expires after this long without a push)
  ARGV[3] key idle ms (keys no push reported for this long are dropped)
  ARGV[4] samples kept per key
  ARGV[5] number of aggregates, then per aggregate:
          key, total_count, severity, created_at ms, number of samples n,
          then n x (uuid, timestamp ms, occurrence JSON), newest first

  Returns { occurrences counted, aggregates that grew, keys dropped as idle }
]]
local rcall = redis.call
local now = tonumber(ARGV[1])
local jobIdle = tonumber(ARGV[2])
local keyIdle = tonumber(ARGV[3])
local maxSamples = tonumber(ARGV[4])
local count = tonumber(ARGV[5])

local counted, grew = 0, 0
local i = 6
for _ = 1, count do
  local key, total, severity, createdAt, n = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
  local first = i + 5
  i = first + n * 3

  local prev = tonumber(rcall('HGET', KEYS[4], key))
  local delta
  if prev == nil or total < prev then
    -- first push of this key by this job, or its counter restarted under the same identity
    delta = total
  else
    delta = total - prev
  end
  rcall('HSET', KEYS[4], key, total)
  rcall('ZADD', KEYS[3], now, key)

  if delta > 0 then
    local raw = rcall('HGET', KEYS[1], key)
    local meta = raw and cjson.decode(raw) or { c = 0, s = severity, f = createdAt }
    meta.c = meta.c + delta
    meta.s = severity
    if createdAt < meta.f then meta.f = createdAt end
    rcall('HSET', KEYS[1], key, cjson.encode(meta))

    -- The job's newest `delta` samples are the new occurrences; older ones were counted before.
    local rawSamples = rcall('HGET', KEYS[2], key)
    local samples = rawSamples and cjson.decode(rawSamples) or {}
    local known = {}
    for _, s in ipairs(samples) do known[s.u] = true end
    local take = math.min(delta, n)
    for k = take - 1, 0, -1 do
      local at = first + k * 3
      local uuid = ARGV[at]
      if not known[uuid] then
        known[uuid] = true
        samples[#samples + 1] = { u = uuid, t = tonumber(ARGV[at + 1]), j = ARGV[at + 2] }
      end
    end
    -- Oldest first by time; occurrences of one millisecond keep the order they arrived in
    -- (Lua's sort is not stable, so the position breaks ties).
    for i, s in ipairs(samples) do s.i = i end
    table.sort(samples, function(a, b) return a.t < b.t or (a.t == b.t and a.i < b.i) end)
    while #samples > maxSamples do table.remove(samples, 1) end
    for _, s in ipairs(samples) do s.i = nil end
    rcall('HSET', KEYS[2], key, cjson.encode(samples))

    counted = counted + delta
    grew = grew + 1
  end
end
rcall('PEXPIRE', KEYS[4], jobIdle)

local idle = rcall('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - keyIdle), 'LIMIT', 0, 100)
for _, key in ipairs(idle) do
  rcall('HDEL', KEYS[1], key)
  rcall('HDEL', KEYS[2], key)
  rcall('ZREM', KEYS[3], key)
end

return { counted, grew, #idle }

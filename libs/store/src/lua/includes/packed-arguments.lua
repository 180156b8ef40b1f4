--[[
  Packed merge arguments: one ARGV string per aggregate and one per sample, instead of one per
  field (each argument costs the caller's encoder and Redis a string of its own). A packed
  argument is a short header of comma-separated fields, then its text fields back to back; the
  header gives each text field's length in bytes, so they are cut with string.sub at known
  offsets: the texts themselves are never searched or decoded, and may hold any bytes.

  aggregate  "<total_count>,<createdAtMs>,<sample count m>,<severity bytes>," .. severity .. key
  sample     "<timestampMs>,<uuid bytes>,<class bytes>,<message bytes>,<search bytes>,"
             .. uuid .. class .. message .. search text .. occurrence JSON
             <search bytes> "=": the search text is the one of the aggregate's previous sample
             (samples of one key mostly share it), and none is sent.

  Both unpackers return nil for an argument that is not packed so (missing, a header that does not
  parse, lengths past its end): the caller raises before any write.
]]

--- An aggregate's fields as strings: total_count, createdAtMs, sample count, severity, key.
local function unpackAggregate(packed)
  if type(packed) ~= 'string' then return nil end
  local count, createdAt, sampleCount, severityBytes, at = string.match(packed, '^([^,]*),([^,]*),([^,]*),(%d+),()')
  if at == nil then return nil end
  local keyAt = at + tonumber(severityBytes)
  if keyAt - 1 > #packed then return nil end
  return count, createdAt, sampleCount, string.sub(packed, at, keyAt - 1), string.sub(packed, keyAt)
end

--[[
  A sample as { ts = timestampMs (a number), uuid, packed, ... }: its occurrence JSON, class,
  message and search text are cut from the argument only when used (sampleJson, sampleText).
  `previous` is the aggregate's previous sample (for a search text "="), or nil. Returns nil and
  why when the argument is not a packed sample.
]]
local function unpackSample(packed, previous)
  if type(packed) ~= 'string' then return nil, 'is missing' end
  local ts, uuidBytes, classBytes, messageBytes, searchBytes, at = string.match(packed, '^([^,]*),(%d+),(%d+),(%d+),(=?%d*),()')
  if at == nil or searchBytes == '' or (searchBytes ~= '=' and string.sub(searchBytes, 1, 1) == '=') then
    return nil, 'is not packed as <timestampMs>,<uuid bytes>,<class bytes>,<message bytes>,<search bytes or =>,<texts>'
  end
  local sample = { ts = tonumber(ts), packed = packed }
  if sample.ts == nil then return nil, 'has no numeric timestamp' end
  sample.classAt = at + tonumber(uuidBytes)
  sample.messageAt = sample.classAt + tonumber(classBytes)
  sample.messageEnd = sample.messageAt + tonumber(messageBytes) - 1
  if searchBytes == '=' then
    if previous == nil then return nil, 'repeats the search text of a sample before it, but is the first' end
    sample.searchIn, sample.searchAt, sample.searchEnd = previous.searchIn, previous.searchAt, previous.searchEnd
    sample.jsonAt = sample.messageEnd + 1
  else
    sample.searchIn, sample.searchAt, sample.searchEnd = packed, sample.messageEnd + 1, sample.messageEnd + tonumber(searchBytes)
    sample.jsonAt = sample.searchEnd + 1
  end
  if sample.jsonAt - 1 > #packed then return nil, 'has text lengths past its end' end
  sample.uuid = string.sub(packed, at, sample.classAt - 1)
  return sample
end

--- A sample's occurrence JSON.
local function sampleJson(sample)
  return string.sub(sample.packed, sample.jsonAt)
end

--- A sample's class, message and search text.
local function sampleText(sample)
  local packed = sample.packed
  return string.sub(packed, sample.classAt, sample.messageAt - 1), string.sub(packed, sample.messageAt, sample.messageEnd), string.sub(sample.searchIn, sample.searchAt, sample.searchEnd)
end

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
  An aggregate's samples are kept in one flat list, SAMPLE_SLOTS values per sample (a table per
  sample costs Redis more than the arguments it replaces): its timestamp (a number), uuid, packed
  argument, where its class, message, search text and JSON start in it, and which sample's
  argument holds its search text (itself, or the one it repeats). The texts are cut only when used
  (sampleJson, sampleText).
]]
local SAMPLE_SLOTS = 8
local TS, UUID, PACKED, CLASS_AT, MESSAGE_AT, SEARCH_AT, JSON_AT, SEARCH_FROM = 1, 2, 3, 4, 5, 6, 7, 8

--- Unpacks the j-th sample (1-based) of an aggregate into `samples`; nil and why when the argument is not a packed sample.
local function unpackSample(samples, j, packed)
  if type(packed) ~= 'string' then return nil, 'is missing' end
  local ts, uuidBytes, classBytes, messageBytes, searchBytes, at = string.match(packed, '^([^,]*),(%d+),(%d+),(%d+),(=?%d*),()')
  if at == nil or searchBytes == '' or (searchBytes ~= '=' and string.sub(searchBytes, 1, 1) == '=') then
    return nil, 'is not packed as <timestampMs>,<uuid bytes>,<class bytes>,<message bytes>,<search bytes or =>,<texts>'
  end
  local timestampMs = tonumber(ts)
  if timestampMs == nil then return nil, 'has no numeric timestamp' end
  local classAt = at + tonumber(uuidBytes)
  local messageAt = classAt + tonumber(classBytes)
  local searchAt = messageAt + tonumber(messageBytes)
  local jsonAt, searchFrom = searchAt, j
  if searchBytes == '=' then
    if j == 1 then return nil, 'repeats the search text of a sample before it, but is the first' end
    searchFrom = samples[(j - 2) * SAMPLE_SLOTS + SEARCH_FROM]
  else
    jsonAt = searchAt + tonumber(searchBytes)
  end
  if jsonAt - 1 > #packed then return nil, 'has text lengths past its end' end
  local o = (j - 1) * SAMPLE_SLOTS
  samples[o + TS], samples[o + UUID], samples[o + PACKED], samples[o + CLASS_AT] = timestampMs, string.sub(packed, at, classAt - 1), packed, classAt
  samples[o + MESSAGE_AT], samples[o + SEARCH_AT], samples[o + JSON_AT], samples[o + SEARCH_FROM] = messageAt, searchAt, jsonAt, searchFrom
  return true
end

--- The j-th sample's timestamp and uuid.
local function sampleTsUuid(samples, j)
  local o = (j - 1) * SAMPLE_SLOTS
  return samples[o + TS], samples[o + UUID]
end

--- The j-th sample's occurrence JSON.
local function sampleJson(samples, j)
  local o = (j - 1) * SAMPLE_SLOTS
  return string.sub(samples[o + PACKED], samples[o + JSON_AT])
end

--- The j-th sample's class, message and search text (the search text cut from the sample that sent it).
local function sampleText(samples, j)
  local o = (j - 1) * SAMPLE_SLOTS
  local packed, messageAt, searchAt = samples[o + PACKED], samples[o + MESSAGE_AT], samples[o + SEARCH_AT]
  local f = (samples[o + SEARCH_FROM] - 1) * SAMPLE_SLOTS
  local search = string.sub(samples[f + PACKED], samples[f + SEARCH_AT], samples[f + JSON_AT] - 1)
  return string.sub(packed, samples[o + CLASS_AT], messageAt - 1), string.sub(packed, messageAt, searchAt - 1), search
end

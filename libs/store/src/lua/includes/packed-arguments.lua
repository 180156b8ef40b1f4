--[[
  Packed merge arguments: one ARGV string per aggregate and one per sample, instead of one per
  field (each argument costs the caller's encoder and Redis a string of its own). Each is a binary
  header, little-endian, read with struct.unpack (no number is parsed from text: tonumber of a
  decimal costs Redis more than the argument it would save), followed by its texts back to back;
  the header gives each text's length in bytes, so they are cut with string.sub at known offsets:
  the texts themselves are never searched or decoded, and may hold any bytes.

  aggregate  f64 total_count, f64 createdAtMs, f64 sample count m, u32 severity bytes
             then severity .. key
  sample     f64 timestampMs, u32 uuid bytes, u32 class bytes, u32 message bytes, i32 search bytes
             then uuid .. class .. message .. search text .. occurrence JSON (the rest)
             search bytes -1: the search text is the one of the aggregate's previous sample
             (samples of one key mostly share it), and none is sent.

  The unpackers return nil for an argument that is not packed so (missing, shorter than its
  header, lengths past its end): the caller raises before any write.
]]
local AGGREGATE_HEADER = '<dddI4'
local AGGREGATE_HEADER_BYTES = 28
local SAMPLE_HEADER = '<dI4I4I4i4'
local SAMPLE_HEADER_BYTES = 24

--- An aggregate's fields: total_count, createdAtMs, sample count (numbers), severity, key.
local function unpackAggregate(packed)
  if type(packed) ~= 'string' or #packed < AGGREGATE_HEADER_BYTES then return nil end
  local count, createdAt, sampleCount, severityBytes, at = struct.unpack(AGGREGATE_HEADER, packed)
  local keyAt = at + severityBytes
  if keyAt - 1 > #packed then return nil end
  return count, createdAt, sampleCount, string.sub(packed, at, keyAt - 1), string.sub(packed, keyAt)
end

--[[
  An aggregate's samples are kept in one flat list, SAMPLE_SLOTS values per sample (a table per
  sample costs Redis more than the arguments it replaces): its timestamp, uuid, packed argument,
  where its class, message, search text and JSON start in it, and which sample's argument holds
  its search text (itself, or the one it repeats). The texts are cut only when used (sampleJson,
  sampleText).
]]
local SAMPLE_SLOTS = 8
local TS, UUID, PACKED, CLASS_AT, MESSAGE_AT, SEARCH_AT, JSON_AT, SEARCH_FROM = 1, 2, 3, 4, 5, 6, 7, 8

--- Unpacks the j-th sample (1-based) of an aggregate into `samples`; nil and why when the argument is not a packed sample.
local function unpackSample(samples, j, packed)
  if type(packed) ~= 'string' then return nil, 'is missing' end
  if #packed < SAMPLE_HEADER_BYTES then return nil, 'is shorter than its header (' .. SAMPLE_HEADER_BYTES .. ' bytes)' end
  local timestampMs, uuidBytes, classBytes, messageBytes, searchBytes, at = struct.unpack(SAMPLE_HEADER, packed)
  if searchBytes < -1 then return nil, 'has a negative search text length' end
  local classAt = at + uuidBytes
  local messageAt = classAt + classBytes
  local searchAt = messageAt + messageBytes
  local jsonAt, searchFrom = searchAt, j
  if searchBytes == -1 then
    if j == 1 then return nil, 'repeats the search text of a sample before it, but is the first' end
    searchFrom = samples[(j - 2) * SAMPLE_SLOTS + SEARCH_FROM]
  else
    jsonAt = searchAt + searchBytes
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

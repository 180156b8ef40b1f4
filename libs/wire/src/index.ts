export * from './payload.types';
export * from './api.types';
export * from './limits';
export { parseTimestampMs, toUnixSeconds } from './timestamp';
export { normalizeHeaderName } from './header-names';
export { DEFAULT_REDACTED_HEADERS, REDACTED, isRedactedHeader, redactHeaderValue, redactHeaders, redactedHeaderList } from './redact-headers';
export { normalizePayload, normalizePayloadChunks, NormalizedPayload, NormalizedAggregate, NormalizedOccurrence, Refusal, PayloadError, PayloadErrorReason } from './normalize-payload';

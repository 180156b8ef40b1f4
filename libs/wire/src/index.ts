export * from './payload.types';
export * from './api.types';
export * from './limits';
export { parseTimestampMs, toUnixSeconds } from './timestamp';
export { normalizeHeaderName } from './header-names';
export {
  normalizePayload,
  NormalizedPayload,
  NormalizedAggregate,
  NormalizedOccurrence,
  Refusal,
  PayloadError,
} from './normalize-payload';

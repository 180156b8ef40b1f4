import { ErrorCollector, Payload } from '@periskop/client';
import { DEFAULT_REDACTED_HEADERS } from '@periskop/wire';

/**
 * This process's own errors, pre-aggregated in memory by periskop-node and exported in the wire
 * format at `/errors` — Periskop instruments itself the way its users' services do, so a
 * `periskop` service in the config shows the server's own failures (scrape errors, API errors).
 * Keys are periskop-go's (`<Class>@<fnv1a>`); request credentials are redacted.
 */
export class SelfErrorCollector extends ErrorCollector {
  /** @param redactedHeaders header names whose values a recorded request never keeps (the configured deny-list). */
  constructor(redactedHeaders: readonly string[] = DEFAULT_REDACTED_HEADERS) {
    super({ redactHeaders: redactedHeaders });
  }

  export(): Payload {
    return this.snapshot();
  }
}

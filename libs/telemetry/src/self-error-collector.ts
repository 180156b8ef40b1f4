import { ErrorCollector, Payload } from '@periskop/client';

/**
 * This process's own errors, pre-aggregated in memory by periskop-node and exported in the wire
 * format at `/errors` — Periskop instruments itself the way its users' services do, so a
 * `periskop` service in the config shows the server's own failures (scrape errors, API errors).
 * Keys are periskop-go's (`<Class>@<fnv1a>`); request credentials are redacted.
 */
export class SelfErrorCollector extends ErrorCollector {
  export(): Payload {
    return this.snapshot();
  }
}

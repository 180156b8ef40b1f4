/** Why a scrape produced nothing to merge; recorded on the target and counted in metrics. */
export type ScrapeFailureReason = 'refused' | 'timeout' | 'too_large' | 'http_status' | 'bad_json' | 'bad_shape' | 'network' | 'tls' | 'redirect';

export class ScrapeFailure extends Error {
  constructor(
    readonly reason: ScrapeFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ScrapeFailure';
  }
}

/**
 * An OAuth access token kept until shortly before it expires, so a refresh every few seconds
 * does not ask the token endpoint each time. `fetch` returns the token and its lifetime in
 * seconds; a failed fetch is not cached, so the next refresh tries again.
 */
export class CachedToken {
  private token: string | null = null;
  private expiresAt = 0;

  /** Tokens are renewed this long before they expire, for clock skew and slow requests. */
  static readonly EARLY_RENEWAL_MS = 60_000;

  constructor(private readonly fetch: (signal: AbortSignal) => Promise<{ token: string; expiresInSeconds: number }>) {}

  async get(signal: AbortSignal): Promise<string> {
    if (this.token && Date.now() < this.expiresAt) return this.token;
    const { token, expiresInSeconds } = await this.fetch(signal);
    this.token = token;
    this.expiresAt = Date.now() + Math.max(0, expiresInSeconds * 1000 - CachedToken.EARLY_RENEWAL_MS);
    return token;
  }

  /** Forgets the token (after the API refused it), so the next call fetches a new one. */
  clear(): void {
    this.token = null;
  }
}

/** `expires_in` arrives as a number or, from some endpoints (Azure IMDS), a string of digits. */
export function expiresInSeconds(value: unknown, fallback = 3600): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

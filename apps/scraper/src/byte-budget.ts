/** What a job holds of a ByteBudget until it calls `release()` (a second call does nothing). */
export interface BudgetLease {
  readonly bytes: number;
  /** How long the acquire waited for room, ms (0 when it was admitted at once). */
  readonly waitedMs: number;
  release(): void;
}

interface Waiter {
  bytes: number;
  since: number;
  admit: (lease: BudgetLease) => void;
}

/**
 * A budget of bytes that jobs share while they do memory-heavy work: a job acquires its weight
 * (a body's size) and releases it when done. Holders together stay within `limit`, except that a
 * job is always admitted when nothing is held, so a weight above the limit runs alone instead of
 * waiting forever. Waiters are admitted in arrival order, and one that does not fit keeps the
 * ones behind it waiting: a large body is never starved by a stream of small ones.
 */
export class ByteBudget {
  private heldBytes = 0;
  private holders = 0;
  private waitingBytes = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a byte budget must be a positive integer, got ${limit}`);
  }

  /** Bytes held by admitted jobs. */
  get held(): number {
    return this.heldBytes;
  }

  /** Bytes of the jobs waiting to be admitted. */
  get waiting(): number {
    return this.waitingBytes;
  }

  /** Admitted jobs still holding their lease. */
  get holding(): number {
    return this.holders;
  }

  /** Resolves once `bytes` are admitted; the lease must be released on every path (try/finally). */
  acquire(bytes: number): Promise<BudgetLease> {
    if (!Number.isFinite(bytes) || bytes < 0) return Promise.reject(new RangeError(`a byte budget takes a size of 0 or more, got ${bytes}`));
    if (this.waiters.length === 0 && this.fits(bytes)) return Promise.resolve(this.admit(bytes, 0));
    return new Promise((admit) => {
      this.waiters.push({ bytes, since: performance.now(), admit });
      this.waitingBytes += bytes;
    });
  }

  /** `work` runs once `bytes` are admitted; they are released when it settles, whatever the outcome. */
  async within<T>(bytes: number, work: (lease: BudgetLease) => Promise<T>): Promise<T> {
    const lease = await this.acquire(bytes);
    try {
      return await work(lease);
    } finally {
      lease.release();
    }
  }

  private fits(bytes: number): boolean {
    return this.holders === 0 || this.heldBytes + bytes <= this.limit;
  }

  private admit(bytes: number, waitedMs: number): BudgetLease {
    this.heldBytes += bytes;
    this.holders++;
    let released = false;
    return {
      bytes,
      waitedMs,
      release: () => {
        if (released) return;
        released = true;
        this.heldBytes -= bytes;
        this.holders--;
        this.admitWaiters();
      },
    };
  }

  private admitWaiters(): void {
    while (this.waiters.length > 0 && this.fits(this.waiters[0].bytes)) {
      const next = this.waiters.shift()!;
      this.waitingBytes -= next.bytes;
      next.admit(this.admit(next.bytes, performance.now() - next.since));
    }
  }
}

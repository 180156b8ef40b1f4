import { causeChain } from './cause-chain';
import { fillBuckets } from './trend-buckets';

describe('fillBuckets', () => {
  const now = 1_700_000_000; // not on a minute boundary

  it('covers 24 hours of minutes ending at the current minute, zero where nothing happened', () => {
    const end = Math.floor(now / 60) * 60;
    const filled = fillBuckets(
      [
        { t: end - 120, count: 4 },
        { t: end, count: 1 },
      ],
      'minute',
      now,
    );
    expect(filled).toHaveLength(1440);
    expect(filled.at(-1)).toEqual({ t: end, count: 1 });
    expect(filled.at(-2)).toEqual({ t: end - 60, count: 0 });
    expect(filled.at(-3)).toEqual({ t: end - 120, count: 4 });
    expect(filled[0].t).toBe(end - 1439 * 60);
  });

  it('covers 30 days of hours and adds up buckets that fall into the same hour', () => {
    const end = Math.floor(now / 3600) * 3600;
    const filled = fillBuckets(
      [
        { t: end + 10, count: 2 },
        { t: end + 70, count: 3 },
      ],
      'hour',
      now,
    );
    expect(filled).toHaveLength(720);
    expect(filled.at(-1)).toEqual({ t: end, count: 5 });
  });

  it('moves the window forward for a bucket from a clock that runs ahead', () => {
    const end = Math.floor(now / 60) * 60;
    const filled = fillBuckets([{ t: end + 120, count: 1 }], 'minute', now);
    expect(filled.at(-1)).toEqual({ t: end + 120, count: 1 });
  });
});

describe('causeChain', () => {
  it('lists every cause, outermost first', () => {
    const root = { class: 'A', message: '', stacktrace: null, cause: { class: 'B', message: '', stacktrace: null, cause: { class: 'C', message: '', stacktrace: null, cause: null } } };
    expect(causeChain(root).map((c) => c.class)).toEqual(['B', 'C']);
    expect(causeChain(null)).toEqual([]);
  });

  it('stops on a cycle', () => {
    const a: { class: string; message: string; stacktrace: null; cause: unknown } = { class: 'A', message: '', stacktrace: null, cause: null };
    a.cause = a;
    expect(causeChain(a as never).length).toBe(32);
  });
});

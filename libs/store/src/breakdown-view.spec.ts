import { breakdownDetail, firstSeenIn, trendOf } from './breakdown-view';

const HOUR = 3_600_000;
const NOW = 500_000 * HOUR + 1234;

describe('breakdown view', () => {
  it('names, per label, the value with the earliest first sighting (ms apart counts)', () => {
    const raw = {
      'version\n1.0': `9|${NOW - 1000}|${NOW}`,
      'version\n2.0': `3|${NOW - 1001}|${NOW}`,
      'zone\neu': `12|${NOW - 5000}|${NOW}`,
      '~version\n1.0': `${NOW / HOUR}:9`,
    };
    expect(firstSeenIn(raw)).toEqual({ version: '2.0', zone: 'eu' });
  });

  it('leaves a label out when "other" was seen before every kept value', () => {
    const raw = { 'version\n3.0': `1|${NOW - 10}|${NOW}`, 'version\n': `5|${NOW - 99}|${NOW}`, 'zone\nus': `1|${NOW - 10}|${NOW}`, 'zone\n': `5|${NOW}|${NOW}` };
    expect(firstSeenIn(raw)).toEqual({ zone: 'us' });
  });

  it('reads hourly rings into the last 24 hours, oldest first, dropping older and malformed buckets', () => {
    const hour = Math.floor(NOW / HOUR);
    const trend = trendOf(`${hour}:4,${hour - 1}:2,${hour - 23}:1,${hour - 24}:7,bad`, NOW);
    expect(trend).toHaveLength(24);
    expect(trend[23]).toBe(4);
    expect(trend[22]).toBe(2);
    expect(trend[0]).toBe(1);
    expect(trend.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('puts each value’s trend beside its tally, "other" included', () => {
    const hour = Math.floor(NOW / HOUR);
    const { breakdown, firstSeenIn: first } = breakdownDetail({ 'version\n1.0': `2|${NOW}|${NOW}`, '~version\n1.0': `${hour}:2`, 'version\n': `1|${NOW - 1}|${NOW}`, '~version\n': `${hour}:1` }, NOW);
    expect(breakdown.version.map((v) => [v.value, v.count, v.trend?.[23]])).toEqual([
      ['1.0', 2, 2],
      ['', 1, 1],
    ]);
    expect(first).toEqual({});
  });
});

import { parseTimestampMs } from '@periskop/wire';

describe('parseTimestampMs', () => {
  it.each([
    ['2021-09-03T13:58:15.932289427Z', '2021-09-03T13:58:15.932Z'],
    ['2020-02-17T22:42:45Z', '2020-02-17T22:42:45.000Z'],
    ['2019-10-11T12:47:25.595Z', '2019-10-11T12:47:25.595Z'],
    ['2018-01-02T11:22:33.000+02:00', '2018-01-02T09:22:33.000Z'],
    ['2018-01-02T11:22:33-05:30', '2018-01-02T16:52:33.000Z'],
    ['2018-01-02T11:22:33.1+0100', '2018-01-02T10:22:33.100Z'],
    ['2018-01-02 11:22:33z', '2018-01-02T11:22:33.000Z'],
    ['2020-01-01T00:00:00.123', '2020-01-01T00:00:00.123Z'],
  ])('%s', (text, expected) => {
    expect(new Date(parseTimestampMs(text)!).toISOString()).toBe(expected);
  });

  it('reads numeric epochs in seconds and milliseconds', () => {
    expect(parseTimestampMs(1630677495)).toBe(1630677495000);
    expect(parseTimestampMs(1630677495123)).toBe(1630677495123);
  });

  it.each(['', 'yesterday', '2021-13-01T00:00:00Z', '2021-01-01T25:00:00Z', '2021-01-01', null, {}, -5])('refuses %j', (value) => {
    expect(parseTimestampMs(value)).toBeNull();
  });
});

describe('parseTimestampMs: the UTC form read from its characters', () => {
  // The regular expression every form goes through otherwise: the character path must agree with it.
  const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
  const byExpression = (text: string): number | null => {
    const m = RFC3339.exec(text.trim());
    if (!m) return null;
    const [, y, mo, d, h, mi, s, frac] = m;
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) return null;
    return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  };

  it.each([
    '2021-09-03T13:58:15Z',
    '2021-09-03t13:58:15z',
    '2021-09-03 13:58:15Z',
    '2021-09-03T13:58:15.9Z',
    '2021-09-03T13:58:15,93Z',
    '2021-09-03T13:58:15.932Z',
    '2021-09-03T13:58:15.9322Z',
    '2021-09-03T13:58:15.932289427Z',
    '2021-09-03T13:58:15.9322894270Z',
    '2021-09-03T13:58:15.Z',
    '2021-09-03T13:58:15.93a2Z',
    '2021-02-31T13:58:15Z',
    '2021-12-31T23:59:60Z',
    '0050-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
    '2021-00-03T13:58:15Z',
    '2021-09-32T13:58:15Z',
    '2021-09-03T24:58:15Z',
    '2021-09-03T13:60:15Z',
    '2021-09-03T13:58:61Z',
    '2021-09-03X13:58:15Z',
    '2021/09/03T13:58:15Z',
    '2021-09-03T13-58-15Z',
    '２021-09-03T13:58:15Z',
    '-021-09-03T13:58:15Z',
    ' 2021-09-03T13:58:15Z',
    '2021-09-03T13:58:15 Z',
    '2021-09-03T13:58:15ZZ',
  ])('%j as the expression reads it', (text) => {
    expect(parseTimestampMs(text)).toBe(byExpression(text));
  });
});

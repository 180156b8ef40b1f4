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

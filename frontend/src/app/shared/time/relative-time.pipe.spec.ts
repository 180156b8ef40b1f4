import { formatAbsolute, formatRelative } from './format-time';
import { RelativeTimePipe } from './relative-time.pipe';

describe('RelativeTimePipe', () => {
  const pipe = new RelativeTimePipe();
  const now = 1_700_000_000_000; // epoch ms
  const s = now / 1000;

  it.each([
    [s, 'just now'],
    [s - 4, 'just now'],
    [s - 42, '42s ago'],
    [s - 60, '1m ago'],
    [s - 59 * 60, '59m ago'],
    [s - 3 * 3600, '3h ago'],
    [s - 2 * 86400 - 5, '2d ago'],
    [s - 400 * 86400, '1y ago'],
    [s + 90, 'in 1m'],
  ])('formats %d as %s', (seconds, expected) => {
    expect(pipe.transform(seconds, now)).toBe(expected);
  });

  it('says "never" for a missing time', () => {
    expect(pipe.transform(null, now)).toBe('never');
    expect(pipe.transform(undefined, now)).toBe('never');
    expect(formatRelative(Number.NaN, now)).toBe('never');
  });
});

describe('formatAbsolute', () => {
  it('prints local time with its offset', () => {
    const text = formatAbsolute(1_700_000_000);
    expect(text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/);
    // The suite runs with whatever TZ the machine has; the instant must be the same.
    const [date, time, off] = text.split(' ');
    expect(Date.parse(`${date}T${time}${off}`)).toBe(1_700_000_000_000);
  });

  it('is empty for a missing time', () => {
    expect(formatAbsolute(null)).toBe('');
  });
});

import { formatDuration, parseDuration } from '@periskop/common';

describe('parseDuration (Prometheus grammar)', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['0w', 0],
    ['324ms', 324],
    ['3s', 3000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['4d', 4 * 86_400_000],
    ['4d1h', 4 * 86_400_000 + 3_600_000],
    ['3w2d1h', 23 * 86_400_000 + 3_600_000],
    ['10y', 3650 * 86_400_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['292y', 292 * 365 * 86_400_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['', 'empty duration string'],
    ['1', 'not a valid duration string: "1"'],
    ['1.5d', 'unknown unit "." in duration "1.5d"'],
    ['d', 'not a valid duration string: "d"'],
    ['-1s', 'not a valid duration string: "-1s"'],
    ['1y1m1d', 'not a valid duration string: "1y1m1d"'],
    ['1s1m', 'not a valid duration string: "1s1m"'],
    ['1x', 'unknown unit "x" in duration "1x"'],
    ['294y', 'duration out of range'],
    ['107675d', 'duration out of range'],
    ['2584200h', 'duration out of range'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [90_000, '1m30s'],
    [14 * 86_400_000, '2w'],
    [23 * 86_400_000 + 3_600_000, '23d1h'],
    [1500, '1s500ms'],
    [365 * 86_400_000, '1y'],
  ])('%d ms prints %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

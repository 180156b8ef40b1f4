import { BUFFER_MODE_CHARS, forEncoding } from './aggregate-writer';

describe('forEncoding (how a merge call is handed to ioredis)', () => {
  it('keeps a small call as strings', () => {
    const args = ['target-1', '10.0.0.1:80', 12, 'x'.repeat(1000)];
    expect(forEncoding(args)).toBe(args);
  });

  it('sends a large call with its first argument as a Buffer of the same bytes, the rest untouched', () => {
    const args: Array<string | number> = ['tärget-1', '10.0.0.1:80', 12, 'x'.repeat(BUFFER_MODE_CHARS)];
    const encoded = forEncoding(args);
    expect(Buffer.isBuffer(encoded[0])).toBe(true);
    expect((encoded[0] as Buffer).equals(Buffer.from('tärget-1', 'utf8'))).toBe(true);
    expect(encoded.slice(1)).toEqual(args.slice(1));
    expect(args[0]).toBe('tärget-1');
  });
});

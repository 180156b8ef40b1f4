import { aggregationKey } from './aggregation-key';
import { fnv1a32Hex } from './fnv1a';

/**
 * Fixtures from periskop-go's documented algorithm (types.go: FNV-1a 32 of the message plus the
 * first 4 stack lines, `%x`): the vectors of its types_test.go (class `testingError`, message
 * "divisin by zero") and values computed independently (Python) for unpadded hex and UTF-8.
 */
describe('aggregationKey (periskop-go compatible)', () => {
  const message = 'divisin by zero';
  it.each([
    [[''], 'testingError@af88b146'],
    [['line 0:', 'error in testingError'], 'testingError@b8a5702f'],
    [['line 0:', 'index error', 'line 1:', 'line 4:', 'checkTest()'], 'testingError@e1441017'],
    [['line 0:', 'index error', 'line 1:', 'line 5:', 'checkTest()'], 'testingError@df41ce5a'],
    [['line 0:', 'index error', 'line 1:', 'line 5:', 'checkFunc()'], 'testingError@df41ce5a'],
  ])('%j → %s', (stacktrace, expected) => {
    expect(aggregationKey('testingError', message, stacktrace)).toBe(expected);
  });

  it('hashes only the first four stack lines', () => {
    const base = ['a', 'b', 'c', 'd'];
    expect(aggregationKey('E', 'm', [...base, 'e'])).toBe(aggregationKey('E', 'm', base));
    expect(aggregationKey('E', 'm', ['x', ...base])).not.toBe(aggregationKey('E', 'm', base));
  });

  it("renders hex without zero padding, as Go's %x", () => {
    expect(aggregationKey('E', 'msg203', [])).toBe('E@720529');
    expect(aggregationKey('E', '', null)).toBe('E@811c9dc5');
  });

  it('hashes UTF-8 bytes, as Go hashes a string', () => {
    expect(fnv1a32Hex('héllo wörld ✓')).toBe('626ef519');
  });
});

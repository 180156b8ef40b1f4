import { scrapeJobId } from '@periskop/queue';

describe('scrapeJobId', () => {
  it('is the same for a target every cycle and differs between targets and services', () => {
    const id = scrapeJobId('checkout', 'http://10.0.0.1:80/errors');
    expect(scrapeJobId('checkout', 'http://10.0.0.1:80/errors')).toBe(id);
    expect(scrapeJobId('checkout', 'http://10.0.0.2:80/errors')).not.toBe(id);
    expect(scrapeJobId('payments', 'http://10.0.0.1:80/errors')).not.toBe(id);
  });

  it('is a valid BullMQ id: no colon, not all digits', () => {
    const id = scrapeJobId('a:b', 'http://h:1/e');
    expect(id).not.toContain(':');
    expect(id).not.toMatch(/^\d+$/);
  });
});

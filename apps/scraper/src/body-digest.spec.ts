import type { ScrapeJob } from '@periskop/queue';
import { bodyDigest } from './body-digest';

const job: ScrapeJob = {
  service: 'svc',
  address: '10.0.0.1:8080',
  url: 'http://10.0.0.1:8080/-/exceptions',
  cycle: 1,
  timeoutMs: 1000,
  maxResponseBytes: 1_000_000,
  sampleCap: 10,
  targetTtlMs: 60_000,
  limits: {} as ScrapeJob['limits'],
};

describe('bodyDigest', () => {
  const body = Buffer.from('{"aggregated_errors":[{"aggregation_key":"k","total_count":1}]} é');

  it('hashes a body read in chunks as the same bytes in one buffer or as its string', () => {
    const chunks = [body.subarray(0, 7), body.subarray(7, body.length - 1), body.subarray(body.length - 1)];
    expect(bodyDigest(job, chunks)).toBe(bodyDigest(job, body));
    expect(bodyDigest(job, chunks)).toBe(bodyDigest(job, body.toString('utf8')));
  });

  it('tells bodies apart, and the same body under other settings', () => {
    expect(bodyDigest(job, [body])).not.toBe(bodyDigest(job, [body, Buffer.from(' ')]));
    expect(bodyDigest(job, [body])).not.toBe(bodyDigest({ ...job, sampleCap: 5 }, [body]));
    expect(bodyDigest(job, [])).toBe(bodyDigest(job, Buffer.alloc(0)));
  });
});

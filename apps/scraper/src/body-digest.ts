import { createHash } from 'node:crypto';
import type { ScrapeJob } from '@periskop/queue';

/**
 * The identity of what a merge of this body would write: the raw body plus every job setting
 * that shapes the normalized payload or its merge (URL as identity without a uuid, payload
 * limits, sample cap, key cap, the target's breakdown label values). Same digest as the target's last clean merge → nothing to merge.
 * The raw bytes are hashed (a string is hashed as its UTF-8), chunk by chunk as they were read:
 * the body need not be joined or decoded first.
 * SHA-1 is not used for security here, only as a fast, well-spread fingerprint.
 */
export function bodyDigest(job: ScrapeJob, body: Buffer | string | readonly Buffer[]): string {
  const settings = JSON.stringify([job.url, job.address, job.limits ?? null, job.sampleCap, job.maxKeysPerService ?? null, job.breakdown ?? null, job.breakdownCap ?? null]);
  const hash = createHash('sha1').update(settings).update('\n');
  if (Array.isArray(body)) for (const chunk of body) hash.update(chunk);
  else hash.update(body as Buffer | string);
  return hash.digest('hex');
}

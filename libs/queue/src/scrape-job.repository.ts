import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { MAX_PRIORITY, SCRAPE_QUEUE } from './queue.constants';
import { ScrapeJob, scrapeJobId } from './scrape-job';

/** The only place that talks to BullMQ for producing scrape jobs. */
@Injectable()
export class ScrapeJobRepository {
  constructor(@InjectQueue(SCRAPE_QUEUE) private readonly queue: Queue<ScrapeJob>) {}

  /**
   * Enqueues one cycle of a service. Each job's priority is its rank within its service, so
   * queues of many services interleave: a service with 10,000 targets cannot starve one with 3.
   */
  async enqueueCycle(jobs: ScrapeJob[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const added = await this.queue.addBulk(
      jobs.map((data, rank) => ({
        name: data.service,
        data,
        opts: { jobId: scrapeJobId(data.service, data.url), priority: Math.min(rank + 1, MAX_PRIORITY) },
      })),
    );
    return added.length;
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed', 'failed');
  }
}

import { Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardFastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import { SCRAPE_QUEUE } from '@periskop/queue';

export const QUEUE_BOARD_PATH = '/-/queues';

/** Bull Board at /-/queues: operators see waiting, active and failed scrape jobs. Read-only. */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(SCRAPE_QUEUE));
  const serverAdapter = new BoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue, { readOnlyMode: true })], serverAdapter });
  await app.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
  new Logger('api').log(`queue board on ${QUEUE_BOARD_PATH}`);
}

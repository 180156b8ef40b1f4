import { Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardFastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SCRAPE_QUEUE } from '@periskop/queue';
import { Authenticator, hasRole } from '@periskop/access';

export const QUEUE_BOARD_PATH = '/-/queues';

/**
 * Bull Board at /-/queues: operators see waiting, active and failed scrape jobs. Read-only, and
 * for admins only (job data names every target). It is a Fastify plugin, not a Nest route, so
 * the check is a hook around it.
 */
export async function mountQueueBoard(app: NestFastifyApplication, authenticator: Authenticator): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(SCRAPE_QUEUE));
  const serverAdapter = new BoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue, { readOnlyMode: true })], serverAdapter });
  const board = serverAdapter.registerPlugin() as never;
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => {
      const refusal = adminRefusal(authenticator, request);
      if (refusal) return reply.status(refusal.status).header('WWW-Authenticate', 'Bearer realm="periskop"').type('text/plain; charset=utf-8').send(`${refusal.message}\n`);
    });
    await scope.register(board, { prefix: QUEUE_BOARD_PATH });
  });
  new Logger('api').log(`queue board on ${QUEUE_BOARD_PATH}`);
}

function adminRefusal(authenticator: Authenticator, request: FastifyRequest): { status: number; message: string } | null {
  try {
    const identity = authenticator.identify(request);
    if (hasRole(identity.role, 'admin')) return null;
    return identity.via === 'anonymous'
      ? { status: 401, message: 'the queue board needs the admin role: sign in or send a bearer token' }
      : { status: 403, message: `${identity.name} is not an admin` };
  } catch {
    return { status: 401, message: 'invalid bearer token' };
  }
}

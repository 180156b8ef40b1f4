import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from '@periskop/common';
import { AggregateReader, ClusterIdentity, ServiceRegistry } from '@periskop/store';
import { DEFAULT_PAYLOAD_LIMITS } from '@periskop/wire';
import { toFederatedPayload } from './federated-payload';

/**
 * Samples per key in a federated payload: as many as a parent accepts per aggregate (more would
 * make the parent refuse the whole aggregate).
 */
const FEDERATED_SAMPLES_PER_KEY = DEFAULT_PAYLOAD_LIMITS.maxSamplesPerAggregate;

/**
 * `GET /federate/:service`: this cluster's aggregates of a service, for a parent Periskop to
 * scrape like any target: read access, as Periskop's own paths.
 */
@Access('viewer')
@Controller()
export class FederationController {
  constructor(
    private readonly reader: AggregateReader,
    private readonly registry: ServiceRegistry,
    private readonly identity: ClusterIdentity,
  ) {}

  @Get('federate/:service')
  async federate(@Param('service') service: string, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.registry.has(service))) {
      void reply.status(404).type('text/plain; charset=utf-8').send(`service ${service} not found\n`);
      return;
    }
    const [targetUuid, aggregates] = await Promise.all([this.identity.targetUuid(service), this.reader.aggregates(service)]);
    const samples = await this.reader.samples(
      service,
      aggregates.map((a) => a.key),
      FEDERATED_SAMPLES_PER_KEY,
    );
    void reply.type('application/json').send(JSON.stringify(toFederatedPayload(targetUuid, aggregates, samples)));
  }
}

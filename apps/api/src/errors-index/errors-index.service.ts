import { Injectable } from '@nestjs/common';
import { AggregateReader } from '@periskop/store';
import type { ServiceIndex } from './service-index';

/**
 * Caches each service's aggregate summaries by the service's version counter. A request costs
 * one GET of the version while nothing changed; after a change, one HGETALL rebuilds the index
 * (concurrent requests share that rebuild). Search texts load only when someone searches.
 * Every API replica keeps its own cache: no replica state matters for correctness.
 */
@Injectable()
export class ErrorsIndexService {
  private readonly indexes = new Map<string, ServiceIndex>();
  private readonly loading = new Map<string, Promise<ServiceIndex>>();
  private readonly searchTexts = new Map<string, { version: string; texts: Promise<Record<string, string>> }>();

  constructor(private readonly reader: AggregateReader) {}

  async index(service: string): Promise<ServiceIndex> {
    const version = await this.reader.version(service);
    const cached = this.indexes.get(service);
    if (cached && cached.version === version) return cached;
    const key = `${service}\0${version}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(service, version).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** Class, message and stack trace of each key's newest occurrence, for free-text search. */
  async search(index: ServiceIndex): Promise<Record<string, string>> {
    const cached = this.searchTexts.get(index.service);
    if (cached && cached.version === index.version) return cached.texts;
    const texts = this.reader.searchTexts(index.service);
    this.searchTexts.set(index.service, { version: index.version, texts });
    return texts;
  }

  private async load(service: string, version: string): Promise<ServiceIndex> {
    const aggregates = await this.reader.aggregates(service);
    const now = Date.now();
    const index: ServiceIndex = {
      service,
      version,
      summaries: this.reader.summaries(aggregates, now),
      metas: new Map(aggregates.map((a) => [a.key, a.meta])),
    };
    this.indexes.set(service, index);
    return index;
  }
}

import { Injectable } from '@nestjs/common';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gunzip, gzip } from 'node:zlib';
import { AggregateReader, ErrorIndex, parseMeta, SharedFullList, toErrorSummary } from '@periskop/store';
import { contentEtag } from '../errors-index/content-etag';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const brotliAsync = promisify(brotliCompress);

/** Periskop's samples per key in `GET /services/:service/errors/` (PR #157 raised it from 10). */
export const PERISKOP_SAMPLES_PER_KEY = 100;
/** Metas read per HMGET while building. */
const METAS_PER_READ = 1000;
/** Keys whose samples are read per pipeline while building: bounds the replies held at once. */
const KEYS_PER_SAMPLE_READ = 500;
/** A built list is shared through Redis this long (a replica that missed the version builds it). */
const SHARED_TTL_MS = 10 * 60_000;
/** Larger compressed answers are not shared through Redis (each replica builds its own). */
const MAX_SHARED_BYTES = 32 * 1024 * 1024;

export type ListEncoding = 'identity' | 'gzip' | 'br';

/**
 * One serialized answer of one service version, compressed at most once per encoding. gzip is
 * made with the answer (it is also the form shared through Redis); br on first demand, at a
 * middle quality: it is made while a request waits.
 */
export class SerializedList {
  private identityBody: Promise<Buffer>;
  private gzipBody: Promise<Buffer>;
  private brBody: Promise<Buffer> | undefined;

  constructor(
    readonly version: string,
    readonly etag: string,
    body: { identity: Buffer } | { gzip: Buffer },
  ) {
    if ('identity' in body) {
      this.identityBody = Promise.resolve(body.identity);
      this.gzipBody = gzipAsync(body.identity);
    } else {
      this.gzipBody = Promise.resolve(body.gzip);
      this.identityBody = gunzipAsync(body.gzip);
    }
    // Never an unhandled rejection before anyone asked: the error reaches whoever awaits it.
    this.gzipBody.catch(() => undefined);
    this.identityBody.catch(() => undefined);
  }

  body(encoding: ListEncoding): Promise<Buffer> {
    if (encoding === 'gzip') return this.gzipBody;
    if (encoding === 'br') return (this.brBody ??= this.identityBody.then((b) => brotliAsync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: b.length } })));
    return this.identityBody;
  }
}

/**
 * Periskop's full error list, built once per service version and served to every request of that
 * version: concurrent requests share one build (single flight), later ones the built answer, and
 * API replicas share it through Redis (the gzip body, its version and ETag), so a burst of
 * callers or replicas costs one build. The answer is assembled from the stored occurrence JSON
 * without re-parsing it, keys newest first (the index the merge keeps).
 */
@Injectable()
export class PeriskopFullList {
  private readonly built = new Map<string, SerializedList>();
  private readonly building = new Map<string, Promise<SerializedList>>();
  /** Per service, each key's part of the answer with the meta it was built from (see build). */
  private readonly parts = new Map<string, Map<string, { metaJson: string; part: string }>>();

  constructor(
    private readonly reader: AggregateReader,
    private readonly errorIndex: ErrorIndex,
    private readonly shared: SharedFullList,
  ) {}

  async get(service: string): Promise<SerializedList> {
    const version = await this.reader.version(service);
    const cached = this.built.get(service);
    if (cached && cached.version === version) return cached;
    const flight = `${service}\0${version}`;
    let pending = this.building.get(flight);
    if (!pending) {
      pending = this.sharedOrBuilt(service, version).finally(() => this.building.delete(flight));
      this.building.set(flight, pending);
    }
    const list = await pending;
    const current = this.built.get(service);
    if (!current || Number(current.version) <= Number(list.version)) this.built.set(service, list);
    return list;
  }

  private async sharedOrBuilt(service: string, version: string): Promise<SerializedList> {
    const shared = await this.shared.read(service, version);
    if (shared) return new SerializedList(version, shared.etag, { gzip: shared.gzip });
    const identity = Buffer.from(await this.build(service), 'utf8');
    const list = new SerializedList(version, contentEtag(identity), { identity });
    void this.share(service, list);
    return list;
  }

  /** Stores the gzip body for other replicas; a failure only costs them a build of their own. */
  private async share(service: string, list: SerializedList): Promise<void> {
    try {
      const gz = await list.body('gzip');
      if (gz.length > MAX_SHARED_BYTES) return;
      await this.shared.write(service, { version: list.version, etag: list.etag, gzip: gz }, SHARED_TTL_MS);
    } catch {
      // Shared only as a saving: the answer was served either way.
    }
  }

  /**
   * Every unresolved aggregate with its newest 100 occurrences, newest key first. A key's samples
   * only change when its meta does (every merge that adds one rewrites the meta; a resolve and
   * retention do too), so each key's part is kept with the meta it was built from: a new version
   * re-reads the samples of the keys that changed, not of every key.
   */
  private async build(service: string): Promise<string> {
    const keys = await this.errorIndex.keys(service, 'latest', 'active', 'desc');
    const before = this.parts.get(service) ?? new Map<string, { metaJson: string; part: string }>();
    const after = new Map<string, { metaJson: string; part: string }>();
    const parts: string[] = [];
    const now = Date.now();
    for (let from = 0; from < keys.length; from += METAS_PER_READ) {
      const batch = keys.slice(from, from + METAS_PER_READ);
      const metas = await this.reader.metaJsons(service, batch);
      const changed = batch.filter((key, i) => metas[i] !== null && before.get(key)?.metaJson !== metas[i]);
      const samples = new Map<string, string[]>();
      for (let s = 0; s < changed.length; s += KEYS_PER_SAMPLE_READ) {
        for (const [key, jsons] of await this.reader.samples(service, changed.slice(s, s + KEYS_PER_SAMPLE_READ), PERISKOP_SAMPLES_PER_KEY)) samples.set(key, jsons);
      }
      batch.forEach((key, i) => {
        const metaJson = metas[i];
        if (metaJson === null) return; // deleted since the index was read
        let entry = before.get(key);
        if (!entry || entry.metaJson !== metaJson) {
          const summary = toErrorSummary(key, parseMeta(metaJson), now);
          const part =
            `{"aggregation_key":${JSON.stringify(key)},"total_count":${summary.total_count},"severity":${JSON.stringify(summary.severity)},` +
            `"latest_errors":[${(samples.get(key) ?? []).join(',')}],"created_at":${summary.created_at},"last_seen":${summary.last_seen}}`;
          entry = { metaJson, part };
        }
        after.set(key, entry);
        parts.push(entry.part);
      });
    }
    this.parts.set(service, after);
    return `[${parts.join(',')}]\n`;
  }
}

/** The encoding to answer with: gzip when accepted (already made), else br, else none. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): ListEncoding {
  const header = (Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '')).toLowerCase();
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name.trim());
  }
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  if (accepted.has('br')) return 'br';
  return 'identity';
}

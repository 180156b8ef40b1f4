/**
 * The wire payload of one instance, rendered once for the whole fleet as a template in which every
 * per-instance field (target_uuid, counts, created_at, each sample's uuid and timestamp) has a
 * fixed width. Serving an instance is then a copy of the template plus a few hundred small
 * in-place writes, instead of a JSON.stringify of ~1 MB: the fleet stays cheap next to the system
 * it feeds. Counts are right-aligned in spaces, which JSON allows before a value.
 */
import type { FleetShape } from './fleet-shape';

const UUID_WIDTH = 36;
const GO_TIME_WIDTH = 30; // 2026-01-01T00:00:00.123456789Z (RFC3339Nano with 9 digits)
const ISO_TIME_WIDTH = 24; // 2026-01-01T00:00:00.123Z
const COUNT_WIDTH = 12;

/** What differs between instances; the template knows where each piece goes. */
export interface InstanceView {
  index: number;
  generation: number;
  startMs: number;
  /** The instance's counter per key (length = keys). */
  counts: Int32Array;
}

export class PayloadTemplate {
  readonly bytes: Buffer;
  private readonly targetUuidAt: number;
  private readonly countAt: Int32Array;
  private readonly createdAtAt: Int32Array;
  private readonly uuidAt: Int32Array;
  private readonly timeAt: Int32Array;

  constructor(
    private readonly shape: Pick<FleetShape, 'keys' | 'samplesPerKey'>,
    private readonly salt: number,
  ) {
    const { keys, samplesPerKey: s } = shape;
    this.countAt = new Int32Array(keys);
    this.createdAtAt = new Int32Array(keys);
    this.uuidAt = new Int32Array(keys * s);
    this.timeAt = new Int32Array(keys * s);
    const parts: string[] = [];
    let at = 0;
    const put = (text: string) => {
      parts.push(text);
      at += text.length; // every part is ASCII: characters = bytes
    };
    put('{"target_uuid":"');
    this.targetUuidAt = at;
    put('x'.repeat(UUID_WIDTH));
    put('","aggregated_errors":[');
    for (let j = 0; j < keys; j++) {
      if (j > 0) put(',');
      put(`{"aggregation_key":${JSON.stringify(keyName(j))},"total_count":`);
      this.countAt[j] = at;
      put(' '.repeat(COUNT_WIDTH));
      put(`,"severity":"${j % 5 === 0 ? 'warning' : 'error'}","created_at":"`);
      this.createdAtAt[j] = at;
      put('x'.repeat(ISO_TIME_WIDTH));
      put('","latest_errors":[');
      const body = sampleBody(j);
      for (let k = 0; k < s; k++) {
        if (k > 0) put(',');
        put(`{"error":${body.error},"uuid":"`);
        this.uuidAt[j * s + k] = at;
        put('x'.repeat(UUID_WIDTH));
        put('","timestamp":"');
        this.timeAt[j * s + k] = at;
        put('x'.repeat(GO_TIME_WIDTH));
        put(`","severity":"${j % 5 === 0 ? 'warning' : 'error'}","http_context":${body.http}}`);
      }
      put(']}');
    }
    put(']}');
    this.bytes = Buffer.from(parts.join(''), 'latin1');
  }

  get size(): number {
    return this.bytes.length;
  }

  /** The instance's current payload (a fresh buffer). */
  render(view: InstanceView): Buffer {
    const out = Buffer.allocUnsafe(this.bytes.length);
    this.bytes.copy(out);
    this.renderInto(out, view);
    return out;
  }

  targetUuid(index: number, generation: number): string {
    return `${hex(index, 8)}-${hex(generation & 0xffff, 4)}-4000-a${hex(generation >>> 16, 3)}-${hex(this.salt, 12)}`;
  }

  private renderInto(out: Buffer, view: InstanceView): void {
    const { keys, samplesPerKey: s } = this.shape;
    out.write(this.targetUuid(view.index, view.generation), this.targetUuidAt, 'latin1');
    const created = new Date(view.startMs).toISOString();
    const prefix = `${hex(view.index, 8)}-${hex(view.generation & 0xffff, 4)}-4`;
    for (let j = 0; j < keys; j++) {
      const count = view.counts[j];
      out.write(String(count).padStart(COUNT_WIDTH, ' '), this.countAt[j], 'latin1');
      out.write(created, this.createdAtAt[j], 'latin1');
      const keyPart = `${prefix}${hex(j, 3)}-8${hex((view.generation >>> 16) & 0xfff, 3)}-`;
      for (let k = 0; k < s; k++) {
        const seq = count - s + k; // oldest first, as the clients send them
        out.write(keyPart + hex(seq, 12), this.uuidAt[j * s + k], 'latin1');
        out.write(occurrenceTime(view.startMs, j, seq), this.timeAt[j * s + k], 'latin1');
      }
    }
  }
}

export function keyName(j: number): string {
  return `bench.Error${String(j).padStart(3, '0')}@service/handler.go:${100 + j}`;
}

/** When occurrence `seq` of key `j` happened: later sequence numbers are later in time. */
function occurrenceTime(startMs: number, j: number, seq: number): string {
  const iso = new Date(startMs + seq * 50 + j).toISOString();
  return `${iso.slice(0, 23)}${String((seq * 7919 + j * 104729) % 1_000_000).padStart(6, '0')}Z`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

/** About 1.4 KB per sample: a Go-like stack trace, a cause and a request, the same for every instance. */
function sampleBody(j: number): { error: string; http: string } {
  const frames = (depth: number, pkg: string) =>
    Array.from({ length: depth }, (_, f) => `github.com/example/${pkg}/internal/handler${f}.(*Server).serve${j}Step${f}(0xc000${String(j * 97 + f).padStart(6, '0')})`);
  const error = {
    class: `bench.KeyError${String(j).padStart(3, '0')}`,
    message: `request ${j} failed: upstream answered 503 after 3 attempts (deadline 2s, pool exhausted)`,
    stacktrace: frames(7, 'checkout'),
    cause: { class: 'net.OpError', message: `dial tcp 10.0.${j % 250}.7:5432: connect: connection refused`, stacktrace: frames(2, 'pgx'), cause: null },
  };
  const http = {
    request_method: j % 3 === 0 ? 'POST' : 'GET',
    request_url: `https://shop.example.com/api/v1/orders/${1000 + j}?include=items,customer`,
    request_headers: { Accept: 'application/json', 'User-Agent': 'bench-client/1.0', 'X-Request-Id': `req-${String(j).padStart(8, '0')}` },
    request_body: '',
  };
  return { error: JSON.stringify(error), http: JSON.stringify(http) };
}

import { sanitizeLabelName } from '../label-names';
import { joinHostPort } from '../internal/provider-http';
import type { Labels } from '../target-group';

/** Go's encoding/json matches field names case-insensitively. */
function field(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);

function parse(data: Buffer, path: string, kind: string): unknown {
  try {
    const value = JSON.parse(data.toString('utf8')) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (err) {
    throw new Error(`error unmarshaling ${kind} member ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
}

const S = '__meta_serverset_';

/** A Twitter serverset member: `serviceEndpoint`, `additionalEndpoints`, `status`, `shard`. */
export function serversetMember(data: Buffer, path: string): Labels {
  const m = parse(data, path, 'serverset');
  const main = field(m, 'serviceEndpoint');
  const labels: Labels = {
    [`${S}path`]: path,
    __address__: joinHostPort(str(field(main, 'host')), int(field(main, 'port'))),
    [`${S}endpoint_host`]: str(field(main, 'host')),
    [`${S}endpoint_port`]: String(int(field(main, 'port'))),
  };
  const extra = field(m, 'additionalEndpoints');
  for (const [name, endpoint] of Object.entries(extra && typeof extra === 'object' ? extra : {})) {
    const clean = sanitizeLabelName(name);
    labels[`${S}endpoint_host_${clean}`] = str(field(endpoint, 'host'));
    labels[`${S}endpoint_port_${clean}`] = String(int(field(endpoint, 'port')));
  }
  labels[`${S}status`] = str(field(m, 'status'));
  labels[`${S}shard`] = String(int(field(m, 'shard')));
  return labels;
}

const N = '__meta_nerve_';

/** An AirBnB Nerve member: `host`, `port`, `name`. */
export function nerveMember(data: Buffer, path: string): Labels {
  const m = parse(data, path, 'nerve');
  return {
    [`${N}path`]: path,
    __address__: joinHostPort(str(field(m, 'host')), int(field(m, 'port'))),
    [`${N}endpoint_host`]: str(field(m, 'host')),
    [`${N}endpoint_port`]: String(int(field(m, 'port'))),
    [`${N}endpoint_name`]: str(field(m, 'name')),
  };
}

#!/usr/bin/env node
// A throwaway stand-in for apps/api while it is being built: serves frontend/dist/browser
// and the /api endpoints the dashboard calls, with ETags and 304s. Screenshots and manual
// checks only. Usage: node frontend/e2e/fake-api.mjs [port]   (default 4300)
// Set FAKE_EMPTY=1 to start with no services, FAKE_DOWN=1 to answer every API call with 503.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServices, occurrences, targets } from './fake-data.mjs';

const port = Number(process.argv[2] ?? 4300);
const root = fileURLToPath(new URL('../dist/browser/', import.meta.url));
const now = () => Math.floor(Date.now() / 1000);
const services = process.env.FAKE_EMPTY ? {} : buildServices(now());
let version = 1;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

function json(res, status, body, etag) {
  const headers = { 'content-type': 'application/json' };
  if (etag) headers.etag = etag;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function summaryCounts(list) {
  const keys = { error: 0, warning: 0, info: 0 };
  const occ = { error: 0, warning: 0, info: 0 };
  for (const e of list.filter((x) => x.status !== 'resolved')) {
    keys[e.severity]++;
    occ[e.severity] += e.total_count;
  }
  return { keys, occ };
}

function errorPage(name, q) {
  const sort = q.get('sort') ?? 'latest';
  const order = q.get('order') ?? 'desc';
  const status = q.get('status') ?? 'active';
  const sev = q.get('severity');
  const text = (q.get('q') ?? '').toLowerCase();
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? 50);
  let list = services[name].filter((e) =>
    (status === 'all' || (status === 'resolved' ? e.status === 'resolved' : e.status !== 'resolved')) &&
    (!sev || e.severity === sev) &&
    (!text || `${e.aggregation_key} ${e.latest_class} ${e.latest_message}`.toLowerCase().includes(text)));
  const field = { latest: 'last_seen', count: 'total_count', first: 'created_at', key: 'aggregation_key' }[sort];
  list = [...list].sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0) * (order === 'asc' ? 1 : -1));
  const items = list.slice(offset, offset + limit).map((e) => (q.get('trend') ? e : { ...e, trend: undefined }));
  return { service: name, total: list.length, offset, limit, version: String(version), items };
}

async function api(req, res, url) {
  if (process.env.FAKE_DOWN) return res.writeHead(503).end('down');
  const q = url.searchParams;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const etag = `"v${version}"`;
  if (req.method === 'DELETE' && parts[0] === 'services' && parts[2] === 'errors') {
    const e = services[parts[1]]?.find((x) => x.aggregation_key === parts[3]);
    if (e) { e.status = 'resolved'; e.resolved_at = now(); version++; }
    console.log('resolved', JSON.stringify(parts[3]));
    return res.writeHead(204).end();
  }
  if (parts[0] !== 'api') return res.writeHead(404).end('not found');
  if (parts[1] === 'targets') return json(res, 200, targets(now()));
  // As config.dev.yaml: anonymous visitors may resolve; no sign-in configured.
  if (parts[1] === 'me') return json(res, 200, { name: 'anonymous', via: 'anonymous', role: 'resolver', can_resolve: true, sign_in: false });
  if (parts[1] === 'services' && parts.length === 2) {
    const t = targets(now());
    return json(res, 200, Object.entries(services).map(([name, list]) => {
      const { keys, occ } = summaryCounts(list);
      const ts = t[name] ?? [];
      return {
        name, keys, occurrences: occ,
        last_seen: list.length ? Math.max(...list.map((e) => e.last_seen)) : null,
        targets: { total: ts.length, up: ts.filter((x) => x.health.status === 'up').length, down: ts.filter((x) => x.health.status === 'down').length, unknown: ts.filter((x) => x.health.status === 'unknown').length },
      };
    }));
  }
  const name = parts[2];
  if (!services[name]) return json(res, 404, { message: `service ${name} not found` });
  if (parts[3] === 'errors') {
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    return json(res, 200, errorPage(name, q), etag);
  }
  if (parts[3] === 'notifications') {
    const at = Math.floor(now() / 1000);
    return json(res, 200, name !== 'checkout' ? { service: name, routes: [], deliveries: [] } : {
      service: name,
      routes: [{ receiver: 'checkout-team', kind: 'slack', events: ['new', 'regression', 'spike'], severities: ['error'], repeat_interval_seconds: 3600 }],
      deliveries: [
        { at: at - 120, receiver: 'checkout-team', event: 'new', aggregation_key: 'ValueError@a/b c', outcome: 'sent', attempt: 2 },
        { at: at - 125, receiver: 'checkout-team', event: 'new', aggregation_key: 'ValueError@a/b c', outcome: 'failed', attempt: 1, error: 'HTTP 503: down' },
      ],
    });
  }
  const e = services[name].find((x) => x.aggregation_key === q.get('key'));
  if (!e) return json(res, 404, { message: `error ${q.get('key')} not found in ${name}` });
  if (parts[3] === 'error') return json(res, 200, { ...e, service: name, latest_errors: occurrences(e, now()) });
  if (parts[3] === 'trend') {
    const minute = q.get('resolution') === 'minute';
    const step = minute ? 60 : 3600;
    const end = Math.floor(now() / step) * step;
    const buckets = [];
    for (let i = minute ? 1440 : 720; i >= 0; i--) {
      if ((i * 7) % 5 < 2) continue; // gaps the chart must fill with zeros
      buckets.push({ t: end - i * step, count: Math.round((Math.sin(i / (minute ? 90 : 30)) + 1.3) * (minute ? 4 : 60)) });
    }
    return json(res, 200, { service: name, aggregation_key: e.aggregation_key, resolution: minute ? 'minute' : 'hour', buckets });
  }
  if (parts[3] === 'instances') {
    return json(res, 200, { service: name, aggregation_key: e.aggregation_key, instances: [
      { target: 'uuid-10.0.4.11:7777', address: '10.0.4.11:7777', total_count: Math.ceil(e.total_count * 0.6), last_seen: e.last_seen },
      { target: 'uuid-10.0.4.12:7777', address: '10.0.4.12:7777', total_count: Math.floor(e.total_count * 0.4), last_seen: e.last_seen - 50 },
      { target: 'http://10.0.4.17:7777/errors', address: null, total_count: 0, last_seen: e.last_seen - 4000 },
    ] });
  }
  return res.writeHead(404).end();
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/services/')) return api(req, res, url);
  const path = normalize(join(root, url.pathname === '/' ? 'index.html' : url.pathname));
  try {
    if (!path.startsWith(root)) throw new Error('outside');
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`fake API + dashboard on http://127.0.0.1:${port}`));

#!/usr/bin/env node
// `npm start`: the whole system on one machine — a demo fleet, scheduler, scraper, API and
// dashboard on http://localhost:8080 — with Redis found or started (see scripts/lib/find-redis.js).
const { join } = require('node:path');
const { buildIfNeeded, ROOT } = require('./lib/build-if-needed');
const { findRedis } = require('./lib/find-redis');
const { ProcessGroup } = require('./lib/process-group');

async function main() {
  buildIfNeeded();
  const redis = await findRedis();
  const config = process.env.CONFIG_FILE || join(ROOT, 'config.dev.yaml');
  const port = process.env.PORT || '8080';
  const group = new ProcessGroup(redis.stop);
  const app = (name) => join(ROOT, 'dist/apps', name, 'main.js');
  const common = { REDIS_URL: redis.url, CONFIG_FILE: config };

  process.stdout.write(`Redis: ${redis.origin} (${redis.url})\nConfig: ${config}\n`);
  group.start('mock-fleet', [app('mock-target')], { MOCK_PORTS: '7777,7778,7779' });
  group.start('api', [app('api')], { ...common, PORT: port });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void group.stop(0));
  // The API first: the config scrapes its /errors, and the first cycle should find it up.
  await untilHealthy(`http://127.0.0.1:${port}/-/ready`);
  // The heap cap the compose files and Kubernetes manifest give scrapers (docs/scaling.md, sizing).
  group.start('scraper', [app('scraper')], { ...common, PORT: '8082', NODE_OPTIONS: '--max-old-space-size=512' });
  group.start('scheduler', [app('scheduler')], { ...common, PORT: '8081' });
  process.stdout.write(`\nPeriskop is running: dashboard and API on http://localhost:${port} — the demo errors appear within one refresh interval. Ctrl-C stops everything.\n\n`);
}

/** Polls a readiness URL until it answers 200 (the apps print their own start-up failures). */
async function untilHealthy(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write(`the API did not become ready at ${url} within ${timeoutMs / 1000} s; see its output above\n`);
}

main().catch((err) => {
  process.stderr.write(`npm start: ${err.message}\n`);
  process.exit(1);
});

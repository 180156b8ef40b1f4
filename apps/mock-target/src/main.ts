import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { demoFleetSettingsFromEnv } from '@periskop/platform';
import { DemoInstance } from './demo-instance';
import { DEMO_SERVICES } from './error-templates';

/**
 * A demo fleet: every port in MOCK_PORTS (default 7777,7778,7779) is one instance of each demo
 * service, serving `/<service>/errors` in the wire format, with errors that keep happening —
 * reported and exported by periskop-node, as an instrumented Node.js service does.
 */

function main(): void {
  const { ports, host, tickMs } = demoFleetSettingsFromEnv();
  ports.forEach((port) => {
    const instances = new Map(Object.entries(DEMO_SERVICES).map(([service, templates]) => [service, new DemoInstance(templates)]));
    for (const instance of instances.values()) instance.occur(3);
    setInterval(() => {
      // Bursty like real traffic: most ticks quiet, some with a few errors.
      for (const instance of instances.values()) if (Math.random() < 0.5) instance.occur(1 + Math.floor(Math.random() * 3));
    }, tickMs).unref();
    createServer((req, res) => serve(instances, req, res)).listen(port, host, () => {
      process.stdout.write(`mock-target instance listening on ${host}:${port} (${[...instances.keys()].map((s) => `/${s}/errors`).join(', ')})\n`);
    });
  });
}

function serve(instances: Map<string, DemoInstance>, req: IncomingMessage, res: ServerResponse): void {
  const match = /^\/([^/]+)\/errors\/?$/.exec((req.url ?? '').split('?')[0]);
  const instance = match ? instances.get(match[1]) : undefined;
  if (req.url === '/-/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
  } else if (!instance) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: try ${[...instances.keys()].map((s) => `/${s}/errors`).join(', ')}\n`);
  } else {
    instance.exporter.handler()(req, res);
  }
}

main();

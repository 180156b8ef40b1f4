import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, parseDocument, Tags } from 'yaml';
import { DEFAULT_PORTS, loadConfigFile, PeriskopConfig } from '@periskop/config';

/**
 * The files people deploy with, read the way their consumers read them: both example
 * configurations through the real loader (strict, as every app loads it) and the compose files
 * with a YAML parser, checked against each other and against the apps in this repository.
 */
const ROOT = join(__dirname, '../../..');

/** Compose's `!override` (replace instead of merge) on a mapping or a list: kept as the value, the tag stays on the node. */
const COMPOSE_TAGS: Tags = [
  { tag: '!override', collection: 'map', resolve: (node) => node },
  { tag: '!override', collection: 'seq', resolve: (node) => node },
];

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
}

function readCompose(file: string): { doc: Document; services: Record<string, ComposeService> } {
  const doc = parseDocument(readFileSync(join(ROOT, file), 'utf8'), { merge: true, customTags: COMPOSE_TAGS, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length > 0) throw new Error(`${file}:\n${problems.join('\n')}`);
  return { doc, services: (doc.toJS() as { services: Record<string, ComposeService> }).services };
}

/** `node dist/apps/<name>/main.js` → `<name>`, or undefined for a command that is not one of ours. */
function appOf(service: ComposeService): string | undefined {
  const [node, main, ...rest] = service.command ?? [];
  const match = /^dist\/apps\/([a-z-]+)\/main\.js$/.exec(main ?? '');
  return node === 'node' && rest.length === 0 && match ? match[1] : undefined;
}

const staticTargets = (config: PeriskopConfig, service: string) =>
  config.services
    .find((s) => s.name === service)!
    .sd.filter((b) => b.key === 'static_configs')
    .flatMap((b) => (b.configs as Array<{ targets: string[] }>).flatMap((c) => c.targets));

const dnsNames = (config: PeriskopConfig, service: string) =>
  config.services
    .find((s) => s.name === service)!
    .sd.filter((b) => b.key === 'dns_sd_configs')
    .flatMap((b) => (b.configs as Array<{ names: string[]; port: number }>).flatMap((c) => c.names.map((name) => `${name}:${c.port}`)));

/** `--flag value` of a redis-server command (the last one wins, as in redis-server). */
function redisFlag(service: ComposeService, flag: string): string | undefined {
  const command = service.command ?? [];
  const at = command.lastIndexOf(`--${flag}`);
  return at < 0 ? undefined : command[at + 1];
}

function expectDurableRedis(service: ComposeService): void {
  expect(service.command?.[0]).toBe('redis-server');
  expect({ appendonly: redisFlag(service, 'appendonly'), appendfsync: redisFlag(service, 'appendfsync'), policy: redisFlag(service, 'maxmemory-policy') }).toEqual({
    appendonly: 'yes',
    appendfsync: 'everysec',
    policy: 'noeviction',
  });
  // The redis image works in /data: the AOF survives a recreated container only on a volume.
  expect(service.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
}

/** The Dockerfile's instructions of its final stage, continuation lines joined. */
function finalStage(): Array<{ instruction: string; args: string }> {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n');
  const instructions = lines
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
  const from = instructions.map((i) => i.instruction).lastIndexOf('FROM');
  return instructions.slice(from);
}

describe('deploy files', () => {
  const base = readCompose('docker-compose.yml');
  const cluster = readCompose('docker-compose.cluster.yml');

  describe('config.dev.yaml (npm start)', () => {
    const config = loadConfigFile(join(ROOT, 'config.dev.yaml'));

    it('loads with the demo fleet and this server as services', () => {
      expect(config.services.map((s) => s.name)).toEqual(['checkout', 'payments', 'search', 'periskop']);
      for (const demo of ['checkout', 'payments', 'search']) {
        const service = config.services.find((s) => s.name === demo)!;
        expect(service.scraper.endpoint).toBe(`/${demo}/errors`);
        expect(staticTargets(config, demo).every((t) => /^127\.0\.0\.1:777[789]$/.test(t))).toBe(true);
      }
      expect(staticTargets(config, 'periskop')).toEqual(['127.0.0.1:8080', '127.0.0.1:8082']);
    });
  });

  describe('config.docker.yaml (docker compose)', () => {
    const config = loadConfigFile(join(ROOT, 'config.docker.yaml'));
    const dev = loadConfigFile(join(ROOT, 'config.dev.yaml'));

    it('loads with the same services and endpoints as the dev configuration', () => {
      expect(config.services.map((s) => [s.name, s.scraper.endpoint])).toEqual(dev.services.map((s) => [s.name, s.scraper.endpoint]));
    });

    it('points every target at a compose service, on a port that service listens on', () => {
      const listening: Record<string, string[]> = {
        'mock-target': base.services['mock-target'].environment!.MOCK_PORTS.split(','),
        api: ['8080'],
        scraper: [base.services.scraper.environment!.PORT],
      };
      const addresses = config.services.flatMap((s) => [...staticTargets(config, s.name), ...dnsNames(config, s.name)]);
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) {
        const [host, port] = address.split(':');
        expect(Object.keys(base.services)).toContain(host);
        expect({ address, listening: listening[host]?.includes(port) }).toEqual({ address, listening: true });
      }
    });
  });

  describe('docker-compose.yml', () => {
    it('runs redis, 2 schedulers, 3 scrapers, 2 API replicas behind a proxy, and the demo fleet', () => {
      const { services } = base;
      expect(Object.keys(services).sort()).toEqual(['api', 'mock-target', 'proxy', 'redis', 'scheduler', 'scraper']);
      expect(services.scraper.deploy?.replicas).toBe(3);
      expect(services.api.deploy?.replicas).toBe(2);
      expect(services.scheduler.deploy?.replicas).toBe(2);
      expect(services.redis.image).toMatch(/^redis:/);
      expect(services.proxy.ports).toEqual(['8080:80']);
      expect(existsSync(join(ROOT, 'deploy/nginx.conf'))).toBe(true);
    });

    it('runs Redis durable (AOF, fsync every second, on a volume) and refusing writes rather than evicting when full', () => {
      expectDurableRedis(base.services.redis);
    });

    it('starts every app from an app of this repository', () => {
      const apps = Object.fromEntries(Object.entries(base.services).map(([name, s]) => [name, appOf(s)]));
      expect(apps).toEqual({ redis: undefined, proxy: undefined, scheduler: 'scheduler', scraper: 'scraper', api: 'api', 'mock-target': 'mock-target' });
      for (const app of Object.values(apps).filter(Boolean)) expect(existsSync(join(ROOT, 'apps', app!, 'src/main.ts'))).toBe(true);
    });

    it('gives scheduler, scraper and API the mounted docker configuration and the compose Redis', () => {
      for (const name of ['scheduler', 'scraper', 'api']) {
        const service = base.services[name];
        expect(service.environment).toMatchObject({ CONFIG_FILE: '/etc/periskop/periskop.yaml', REDIS_URL: 'redis://redis:6379' });
        expect(service.volumes).toContain('./config.docker.yaml:/etc/periskop/periskop.yaml:ro');
        expect(service.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
      }
    });
  });

  describe('scraper heap (docs/scaling.md, sizing)', () => {
    const cap = '--max-old-space-size=512';

    it('is capped alike by both compose files, the Kubernetes manifest and npm start', () => {
      expect(base.services.scraper.environment?.NODE_OPTIONS).toBe(cap);
      expect(cluster.services.scraper.environment?.NODE_OPTIONS).toBe(cap);
      const manifest = readFileSync(join(ROOT, 'deploy/kubernetes/base/scraper.yaml'), 'utf8');
      expect(manifest).toContain(`{ name: NODE_OPTIONS, value: "${cap}" }`);
      expect(readFileSync(join(ROOT, 'scripts/start.js'), 'utf8')).toContain(`NODE_OPTIONS: '${cap}'`);
    });
  });

  describe('docker-compose.cluster.yml (overlay)', () => {
    const nodes = ['redis-node-1', 'redis-node-2', 'redis-node-3'];

    it('adds three cluster nodes and the one-shot cluster creation', () => {
      for (const node of nodes) expect(cluster.services[node]?.image).toMatch(/^redis:/);
      expect(cluster.services['redis-cluster-init'].command?.join(' ')).toContain('--cluster create');
    });

    it('runs every node durable (AOF, fsync every second, on its own volume) and refusing writes rather than evicting', () => {
      for (const node of nodes) expectDurableRedis(cluster.services[node]);
      expect(new Set(nodes.map((node) => cluster.services[node].volumes?.[0])).size).toBe(nodes.length);
    });

    it('points scheduler, scraper and API at every node, on the port each node listens on', () => {
      const seeds = nodes.map((node) => {
        const command = cluster.services[node].command!;
        expect(command).toEqual(expect.arrayContaining(['--cluster-enabled', 'yes']));
        return `${node}:${command[command.indexOf('--port') + 1]}`;
      });
      for (const name of ['scheduler', 'scraper', 'api']) {
        expect(Object.keys(base.services)).toContain(name);
        expect(cluster.services[name].environment?.REDIS_CLUSTER_NODES?.split(',')).toEqual(seeds);
      }
    });

    it("replaces (compose's !override) the base's dependency on the single Redis", () => {
      for (const name of ['scheduler', 'scraper', 'api']) {
        const dependsOn = cluster.doc.getIn(['services', name, 'depends_on'], true) as { tag?: string };
        expect(dependsOn.tag).toBe('!override');
        // The apps wait for the one-shot init to have formed the cluster (every slot served).
        expect(cluster.services[name].depends_on).toEqual({ 'redis-cluster-init': { condition: 'service_completed_successfully' } });
      }
    });
  });

  describe('Dockerfile and .dockerignore', () => {
    const stage = finalStage();
    const healthcheck = require(join(ROOT, 'deploy/healthcheck.js')) as {
      healthPort: (argv: string[], env: Record<string, string>) => number;
      DEFAULT_PORTS: Record<string, number>;
    };

    it('runs the apps as a non-root user', () => {
      const users = stage.filter((i) => i.instruction === 'USER').map((i) => i.args.split(':')[0]);
      expect(users.length).toBeGreaterThan(0);
      expect(['root', '0']).not.toContain(users[users.length - 1]);
      // USER comes before CMD, so the app (not only later build steps) runs unprivileged.
      const kinds = stage.map((i) => i.instruction);
      expect(kinds.lastIndexOf('USER')).toBeLessThan(kinds.indexOf('CMD'));
    });

    it('has a HEALTHCHECK that runs a script the image holds', () => {
      const check = stage.find((i) => i.instruction === 'HEALTHCHECK');
      expect(check?.args).toMatch(/CMD \["node", "deploy\/healthcheck\.js"\]/);
      expect(stage.some((i) => i.instruction === 'COPY' && i.args === 'deploy/healthcheck.js deploy/healthcheck.js')).toBe(true);
    });

    it("probes each app's own default port, or the port it was given", () => {
      for (const [app, port] of Object.entries(healthcheck.DEFAULT_PORTS)) {
        if (app === 'mock-target') continue;
        expect({ app, port: DEFAULT_PORTS[app as keyof typeof DEFAULT_PORTS] }).toEqual({ app, port });
        expect(healthcheck.healthPort(['node', `dist/apps/${app}/main.js`], {})).toBe(port);
      }
      expect(healthcheck.healthPort(['node', 'dist/apps/scraper/main.js'], { PORT: '9191' })).toBe(9191);
      expect(healthcheck.healthPort(['node', 'dist/apps/api/main.js', '--port', '8181'], { PORT: '1' })).toBe(8181);
      expect(healthcheck.healthPort(['/sbin/docker-init', '--', 'node', 'dist/apps/mock-target/main.js'], { MOCK_PORTS: '7001,7002' })).toBe(7001);
      expect(healthcheck.DEFAULT_PORTS['mock-target']).toBe(Number(/MOCK_PORTS \?\? '(\d+)/.exec(readFileSync(join(ROOT, 'libs/platform/src/settings/demo-fleet-settings.ts'), 'utf8'))?.[1]));
    });

    it('keeps installed and built outputs and history out of the build context', () => {
      const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
      expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', 'dist', 'frontend/.angular']));
      // …but not what the image copies in.
      for (const needed of ['deploy/healthcheck.js', 'config.docker.yaml', 'package-lock.json']) expect(ignored).not.toContain(needed);
    });
  });
});

import { loadConfigFile, type PeriskopConfig } from '@periskop/config';
import { parseVendorEndpoints, type DiscoveryOptions } from '@periskop/discovery';

/** What the environment can point discovery at (tests, split DNS): the scheduler's and the CLI's. */
export type DiscoveryEnvironment = Pick<DiscoveryOptions, 'dnsServers' | 'vendorEndpoints'>;

/** How often a replica asks Redis whether another replica loaded a new config (one GET). */
const DEFAULT_CONFIG_POLL_MS = 2000;
/** How long one rendering of the shared-state metrics answers `/metrics` on an API replica. */
const DEFAULT_METRICS_CACHE_MS = 5000;

/**
 * Where an app finds its config, Redis and port, and the few knobs the environment sets: flags
 * first, then environment, as Periskop does. This is the one place the apps' flags and
 * environment are read; everything else is handed these settings.
 */
export interface RuntimeSettings {
  configFile: string;
  config: PeriskopConfig;
  redisUrl: string;
  /** Redis Cluster seed nodes; when non-empty every app uses the ioredis Cluster client. */
  redisClusterNodes: string[];
  port: number;
  /** Reload the config when its file changes (`--watch-config`, or WATCH_CONFIG=true). */
  watchConfig: boolean;
  /** LOG_LEVEL (default info). */
  logLevel: string;
  /** CONFIG_POLL_MS (default 2 s): how often a replica looks for a config another replica loaded. */
  configPollMs: number;
  /** METRICS_CACHE_MS (default 5 s): how long the API keeps its rendering of the shared-state metrics. */
  metricsCacheMs: number;
  /** PERISKOP_UI_DIR: the built dashboard, when not in this checkout's frontend/dist/browser. */
  dashboardDir: string | null;
  /** PERISKOP_DNS_SERVERS and PERISKOP_SD_VENDOR_ENDPOINTS. */
  discovery: DiscoveryEnvironment;
}

/** PERISKOP_DNS_SERVERS (`host:port,…`) and PERISKOP_SD_VENDOR_ENDPOINTS (`hetzner=http://127.0.0.1:4000,…`). */
export function discoveryEnvironment(env: NodeJS.ProcessEnv = process.env): DiscoveryEnvironment {
  const dnsServers = env.PERISKOP_DNS_SERVERS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { dnsServers, vendorEndpoints: parseVendorEndpoints(env.PERISKOP_SD_VENDOR_ENDPOINTS) };
}

export function resolveRuntimeSettings(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, defaults: { port: number; secrets?: boolean } = { port: 8080 }): RuntimeSettings {
  const flag = (name: string) => {
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === `--${name}` || argv[i] === `-${name}`) return argv[i + 1];
      if (argv[i].startsWith(`--${name}=`) || argv[i].startsWith(`-${name}=`)) return argv[i].split('=').slice(1).join('=');
    }
    return undefined;
  };
  const watchConfig = argv.includes('--watch-config') || /^(1|true|yes)$/i.test(env.WATCH_CONFIG ?? '');
  const configFile = flag('config') ?? env.CONFIG_FILE ?? 'config.dev.yaml';
  // Only an app that authenticates requests (the API and the pushgateway: `secrets: true`) reads the auth block's secret files.
  const config = loadConfigFile(configFile, { secrets: defaults.secrets ?? false });
  const portText = flag('port') ?? env.PORT;
  const port = portText === undefined ? defaults.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${JSON.stringify(portText)}: use --port or PORT with a number 0-65535`);
  // REDIS_CLUSTER_NODES: comma- or space-separated seeds (host:port); any one reachable master is enough.
  const clusterText = env.REDIS_CLUSTER_NODES?.trim();
  const redisClusterNodes = clusterText ? clusterText.split(/[\s,]+/).filter(Boolean) : config.redis.clusterNodes;
  for (const node of redisClusterNodes) {
    // `rediss://user:password@host:port` is allowed; the password is never echoed.
    if (!/^(\[[^\]]+\]|[^\s:/@]+)(:\d{1,5})?$/.test(node.replace(/^rediss?:\/\/([^\s@/]*@)?/i, ''))) {
      const shown = node.replace(/^(rediss?:\/\/)[^\s@/]*@/i, '$1***@');
      throw new Error(`invalid Redis Cluster node ${JSON.stringify(shown)} in ${clusterText ? 'REDIS_CLUSTER_NODES' : 'redis.cluster_nodes'}: use host:port`);
    }
  }
  return {
    configFile,
    config,
    redisUrl: env.REDIS_URL ?? config.redis.url ?? 'redis://127.0.0.1:6379',
    redisClusterNodes,
    port,
    watchConfig,
    logLevel: env.LOG_LEVEL ?? 'info',
    configPollMs: Number(env.CONFIG_POLL_MS ?? DEFAULT_CONFIG_POLL_MS) || DEFAULT_CONFIG_POLL_MS,
    metricsCacheMs: Number(env.METRICS_CACHE_MS ?? DEFAULT_METRICS_CACHE_MS),
    dashboardDir: env.PERISKOP_UI_DIR || null,
    discovery: discoveryEnvironment(env),
  };
}

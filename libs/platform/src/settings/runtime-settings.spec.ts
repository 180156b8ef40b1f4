import { join } from 'node:path';
import { DEFAULT_PORTS } from '@periskop/config';
import { resolveRuntimeSettings } from './runtime-settings';

const DEV_CONFIG = join(__dirname, '../../../../config.dev.yaml');

describe('resolveRuntimeSettings', () => {
  it('takes flags before the environment, as Periskop does', () => {
    const settings = resolveRuntimeSettings(['--config', DEV_CONFIG, '--port=7070'], { CONFIG_FILE: '/nope.yaml', PORT: '1', REDIS_URL: 'redis://r:1' });
    expect([settings.configFile, settings.port, settings.redisUrl]).toEqual([DEV_CONFIG, 7070, 'redis://r:1']);
  });

  it('falls back to CONFIG_FILE, PORT, the default port and local Redis', () => {
    const settings = resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG }, { port: DEFAULT_PORTS.scraper });
    expect([settings.port, settings.redisUrl, settings.redisClusterNodes]).toEqual([DEFAULT_PORTS.scraper, 'redis://127.0.0.1:6379', []]);
  });

  it('reads Redis Cluster seeds from REDIS_CLUSTER_NODES', () => {
    expect(resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG, REDIS_CLUSTER_NODES: 'a:7000, b:7001' }).redisClusterNodes).toEqual(['a:7000', 'b:7001']);
  });

  it('accepts rediss:// seeds with credentials and never echoes a password it refuses', () => {
    const nodes = 'rediss://periskop:s3cret@a:7000,rediss://b:7001';
    expect(resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG, REDIS_CLUSTER_NODES: nodes }).redisClusterNodes).toEqual(['rediss://periskop:s3cret@a:7000', 'rediss://b:7001']);
    expect(() => resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG, REDIS_CLUSTER_NODES: 'rediss://u:s3cret@a:b:c' })).toThrow(
      'invalid Redis Cluster node "rediss://***@a:b:c" in REDIS_CLUSTER_NODES: use host:port',
    );
  });

  it('watches the config file with --watch-config or WATCH_CONFIG=true, not by default', () => {
    expect(resolveRuntimeSettings(['--watch-config', '--config', DEV_CONFIG], {}).watchConfig).toBe(true);
    expect(resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG, WATCH_CONFIG: 'true' }).watchConfig).toBe(true);
    expect(resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG }).watchConfig).toBe(false);
  });

  it('refuses a port that is not a number', () => {
    expect(() => resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG, PORT: 'http' })).toThrow('invalid port "http": use --port or PORT with a number 0-65535');
  });
});

describe('the environment knobs', () => {
  it('has defaults', () => {
    const settings = resolveRuntimeSettings([], { CONFIG_FILE: DEV_CONFIG });
    expect([settings.logLevel, settings.configPollMs, settings.metricsCacheMs, settings.dashboardDir, settings.discovery]).toEqual([
      'info',
      2000,
      5000,
      null,
      { dnsServers: undefined, vendorEndpoints: undefined },
    ]);
  });

  it('reads LOG_LEVEL, CONFIG_POLL_MS, METRICS_CACHE_MS, PERISKOP_UI_DIR and the discovery overrides', () => {
    const settings = resolveRuntimeSettings([], {
      CONFIG_FILE: DEV_CONFIG,
      LOG_LEVEL: 'debug',
      CONFIG_POLL_MS: '250',
      METRICS_CACHE_MS: '0',
      PERISKOP_UI_DIR: '/srv/ui',
      PERISKOP_DNS_SERVERS: '127.0.0.1:5353, 127.0.0.1:5354',
      PERISKOP_SD_VENDOR_ENDPOINTS: 'hetzner=http://127.0.0.1:4000/',
    });
    expect([settings.logLevel, settings.configPollMs, settings.metricsCacheMs, settings.dashboardDir]).toEqual(['debug', 250, 0, '/srv/ui']);
    expect(settings.discovery).toEqual({ dnsServers: ['127.0.0.1:5353', '127.0.0.1:5354'], vendorEndpoints: { hetzner: 'http://127.0.0.1:4000' } });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfigText } from '@periskop/config';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'test.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.line}|${p.path.join('.')}|${p.reason}`);
    throw err;
  }
  return [];
}

describe('parseConfigText', () => {
  it('reads Periskop config.dev.yaml shape with defaults', () => {
    const config = parseConfigText(`
repository:
  type: memory
services:
- name: mock-target
  static_configs:
  - targets: ['localhost:7777']
  relabel_configs: []
  scraper:
    endpoint: /errors
    refresh_interval: 1m30s
`);
    expect(config.repository.type).toBe('memory');
    expect(config.services).toHaveLength(1);
    const [service] = config.services;
    expect(service.name).toBe('mock-target');
    expect(service.scraper).toEqual({
      endpoint: '/errors',
      refreshIntervalMs: 90_000,
      timeoutMs: 10_000,
      maxResponseBytes: 16 * 1024 * 1024,
      followRedirects: 'same_host',
      tls: null,
    });
    expect(config.security.redactHeaders).toEqual(['authorization', 'cookie', 'set-cookie', 'x-consul-token', 'proxy-authorization', 'x-api-key']);
    expect(config.aggregation.limits.redactHeaders).toEqual(config.security.redactHeaders);
    expect(service.sd).toEqual([{ key: 'static_configs', configs: [{ targets: ['localhost:7777'], labels: {} }] }]);
    expect(config.aggregation.samplesPerKey).toBe(100);
    expect(config.aggregation.maxKeysPerService).toBe(10_000);
    expect(config.aggregation.keyRetentionMs).toBe(30 * 24 * 3_600_000);
  });

  it('reads the optional extensions', () => {
    const config = parseConfigText(`
services: []
redis: { url: redis://10.0.0.1:6380/2, cluster_nodes: ['a:7000', 'b:7001'] }
aggregation: { samples_per_key: 20, target_expiry_cycles: 5, key_retention: 36h, limits: { max_aggregates: 50, max_keys_per_service: 300 } }
`);
    expect(config.redis).toEqual({ url: 'redis://10.0.0.1:6380/2', clusterNodes: ['a:7000', 'b:7001'], username: null, passwordFile: null, tlsCaFile: null });
    expect(config.aggregation.samplesPerKey).toBe(20);
    expect(config.aggregation.targetExpiryCycles).toBe(5);
    expect(config.aggregation.limits.maxAggregates).toBe(50);
    expect(config.aggregation.maxKeysPerService).toBe(300);
    expect(config.aggregation.keyRetentionMs).toBe(36 * 3_600_000);
  });

  it('reads transport and secrets settings, resolving files against the config file', () => {
    const config = parseConfigText(
      `
services:
- name: a
  scraper:
    endpoint: /errors
    refresh_interval: 10s
    follow_redirects: none
    tls_config: { ca_file: ca.pem, cert_file: /abs/client.pem, key_file: client.key, server_name: a.internal, insecure_skip_verify: false }
redis:
  cluster_nodes: ['rediss://periskop:s3cret@10.0.0.1:7000', 'rediss://10.0.0.2:7001']
  username: periskop
  password_file: secrets/redis-password
  tls_ca_file: /etc/ssl/redis-ca.pem
security: { redact_headers: [X-Vault-Token, x-api-key] }
`,
      '/etc/periskop/periskop.yaml',
    );
    expect(config.services[0].scraper).toMatchObject({
      followRedirects: 'none',
      tls: { caFile: '/etc/periskop/ca.pem', certFile: '/abs/client.pem', keyFile: '/etc/periskop/client.key', serverName: 'a.internal', insecureSkipVerify: false },
    });
    expect(config.redis).toMatchObject({ username: 'periskop', passwordFile: '/etc/periskop/secrets/redis-password', tlsCaFile: '/etc/ssl/redis-ca.pem' });
    expect(config.security.redactHeaders).toEqual(['authorization', 'cookie', 'set-cookie', 'x-consul-token', 'proxy-authorization', 'x-api-key', 'x-vault-token']);
    expect(config.aggregation.limits.redactHeaders).toEqual(config.security.redactHeaders);
  });

  it('reads breakdown labels, none by default', () => {
    expect(parseConfigText('services: []\n').aggregation).toMatchObject({ breakdownLabels: [], breakdownValues: 10 });
    expect(parseConfigText('services: []\naggregation: { breakdown_labels: [version, zone], breakdown_values: 20 }\n').aggregation).toMatchObject({
      breakdownLabels: ['version', 'zone'],
      breakdownValues: 20,
    });
  });

  it.each([
    ['a label name that is not one', 'breakdown_labels: [app-version]', /must be label names/],
    ['a meta label, gone after relabeling', 'breakdown_labels: [__meta_kubernetes_pod_name]', /labels starting with __ are dropped/],
    ['a label named twice', 'breakdown_labels: [zone, zone]', /must not name a label twice/],
    ['too many labels', 'breakdown_labels: [a, b, c, d, e, f]', /at most 5 labels/],
    ['a cap of no values', 'breakdown_values: 0', /breakdown_values/],
  ])('refuses %s, naming the key and its line', (_what, line, reason) => {
    const problems = problemsOf(`services: []\naggregation:\n  ${line}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^3\|aggregation\.breakdown_(labels|values)\|/);
    expect(problems[0]).toMatch(reason);
  });

  it('names a bad key retention with its line', () => {
    expect(() => parseConfigText('services: []\naggregation:\n  key_retention: forever\n')).toThrow(/aggregation\.key_retention \(line 3\)/);
  });

  it.each([
    ['unknown top-level key', 'services: []\nwhatever: 1\n', ['2|whatever|unknown key "whatever"']],
    [
      'unknown key in a service',
      'services:\n- name: a\n  foo_sd_configs: []\n  scraper: {endpoint: /e, refresh_interval: 1s}\n',
      [expect.stringMatching(/^3\|services\.0\.foo_sd_configs\|unknown key "foo_sd_configs" \(supported: .*static_configs/)],
    ],
    ['unknown key in scraper', 'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 1s\n    extra: 1\n', ['6|services.0.scraper.extra|unknown key "extra"']],
    [
      'a bad duration names the grammar',
      'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 1s1m\n',
      ['5|services.0.scraper.refresh_interval|not a valid duration string: "1s1m" (use a duration such as 10s, 1m30s, 1h)'],
    ],
    [
      'a number is not a duration',
      'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 10\n',
      ['5|services.0.scraper.refresh_interval|must be a duration such as 10s or 1m30s, got 10'],
    ],
    ['endpoint must be a path', 'services:\n- name: a\n  scraper:\n    endpoint: errors\n    refresh_interval: 10s\n', ['4|services.0.scraper.endpoint|must be a path starting with /']],
    [
      'duplicate service names',
      'services:\n- name: a\n  scraper: {endpoint: /e, refresh_interval: 1s}\n- name: a\n  scraper: {endpoint: /e, refresh_interval: 1s}\n',
      ['4|services.1.name|duplicate service name "a"'],
    ],
    [
      'unknown key inside static_configs',
      'services:\n- name: a\n  static_configs:\n  - targets: [x:1]\n    bogus: 1\n  scraper: {endpoint: /e, refresh_interval: 1s}\n',
      ['5|services.0.static_configs.0.bogus|field bogus not found in type static_config'],
    ],
    ['missing scraper', 'services:\n- name: a\n', [expect.stringMatching(/^2\|services\.0\.scraper\|/)]],
    [
      'an unknown follow_redirects',
      'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 1s\n    follow_redirects: always\n',
      ['6|services.0.scraper.follow_redirects|must be one of same_host, any, none'],
    ],
    [
      'an unknown tls_config key',
      'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 1s\n    tls_config:\n      ca: x\n',
      ['7|services.0.scraper.tls_config.ca|unknown key "ca"'],
    ],
    [
      'a client certificate without its key',
      'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 1s\n    tls_config:\n      cert_file: c.pem\n',
      ['6|services.0.scraper.tls_config|cert_file and key_file go together: set both or neither'],
    ],
    [
      'insecure_skip_verify as text',
      'services:\n- name: a\n  scraper:\n    endpoint: /e\n    refresh_interval: 1s\n    tls_config: {insecure_skip_verify: "yes"}\n',
      ['6|services.0.scraper.tls_config.insecure_skip_verify|must be a boolean value'],
    ],
    ['a header name with a space', 'services: []\nsecurity:\n  redact_headers: [X Token]\n', ['3|security.redact_headers|must be HTTP header names such as X-Vault-Token']],
    ['an unknown redis key', 'services: []\nredis:\n  password: x\n', ['3|redis.password|unknown key "password"']],
  ])('refuses %s with its path and line', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(problemsOf('services:\n  - name: [unclosed\n')).toEqual([expect.stringMatching(/^\d+\|\|YAML syntax: /)]);
  });

  it('reports every problem at once in its message', () => {
    expect(() => parseConfigText('services:\n- name: a\n  scraper: {endpoint: x, refresh_interval: y}\nfoo: 1\n', 'f.yaml')).toThrow(/invalid configuration f\.yaml:\n {2}.*\n {2}.*\n {2}.*/);
  });
});

describe('loadConfigFile', () => {
  it('says which file cannot be read', () => {
    expect(() => loadConfigFile('/nonexistent/periskop.yaml')).toThrow(/\/nonexistent\/periskop\.yaml[\s\S]*cannot read file/);
  });

  it('loads the repository config.dev.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-config-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'services:\n- name: s\n  static_configs: [{targets: ["h:1"]}]\n  scraper: {endpoint: /errors, refresh_interval: 10s}\n');
    expect(loadConfigFile(file).file).toBe(file);
    expect(loadConfigFile(join(__dirname, '../../../config.dev.yaml')).services.map((s) => s.name)).toContain('periskop');
  });
});

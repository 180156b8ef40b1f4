import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigPath, ConfigPathError, parseDuration } from '@periskop/common';
import { parseRelabelConfigs, parseServiceDiscovery, SD_CONFIG_KEYS } from '@periskop/discovery';
import { DEFAULT_PAYLOAD_LIMITS, redactedHeaderList } from '@periskop/wire';
import { ConfigError, ConfigProblem } from './config-error';
import { authSettings } from './auth/auth-settings';
import { ConfigDto, ServiceDto, TlsConfigDto } from './config.dto';
import type { FollowRedirects, PeriskopConfig, ServiceConfig, TlsFileConfig } from './config.types';
import { notificationSettings } from './notification-settings';
import { YamlLocator } from './yaml-locator';

const SERVICE_KEYS = new Set(['name', 'scraper', 'relabel_configs']);
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const DEFAULT_TARGET_EXPIRY_CYCLES = 30;
const DEFAULT_MAX_KEYS_PER_SERVICE = 10_000;
const DEFAULT_KEY_RETENTION_MS = 30 * 24 * 3_600_000;
/** Values kept per breakdown label and key unless aggregation.breakdown_values says otherwise. */
const DEFAULT_BREAKDOWN_VALUES = 10;

/** `secrets: false` checks the `auth:` block's shape but reads no secret file or variable (apps that use none). */
export interface LoadOptions {
  secrets?: boolean;
}

export function loadConfigFile(file: string, options: LoadOptions = {}): PeriskopConfig {
  const absolute = resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new ConfigError(absolute, [{ path: [], line: null, reason: `cannot read file: ${(err as Error).message}` }]);
  }
  return parseConfigText(text, absolute, options);
}

/**
 * Parses Periskop's YAML strictly (as the original's UnmarshalStrict): an unknown key or a bad
 * value is an error naming its key path and line. All problems are reported at once.
 */
export function parseConfigText(text: string, file: string | null = null, options: LoadOptions = {}): PeriskopConfig {
  const label = file ?? '<config>';
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      label,
      doc.errors.map((e) => ({ path: [], line: e.linePos?.[0]?.line ?? null, reason: `YAML syntax: ${e.message.split('\n')[0]}` })),
    );
  }
  const locator = new YamlLocator(doc, lines);
  const problems: ConfigProblem[] = [];
  const report = (path: ConfigPath, reason: string) => problems.push({ path, line: locator.lineOf(path), reason });

  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(label, [{ path: [], line: 1, reason: 'the configuration must be a mapping with a services list' }]);
  }
  const root = raw as Record<string, unknown>;
  if (!Array.isArray(root.services)) {
    report(['services'], 'services must be a list of services');
    throw new ConfigError(label, problems);
  }

  // class-validator checks the fixed parts; SD blocks and relabel rules are checked by libs/discovery.
  const fixed = { ...root, services: root.services.map((s) => (isRecord(s) ? pick(s, ['name', 'scraper']) : s)) };
  const dto = plainToInstance(ConfigDto, fixed);
  for (const error of validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true })) {
    collectValidationErrors(error, [], report);
  }

  const baseDir = file ? dirname(file) : process.cwd();
  const services: ServiceConfig[] = [];
  const names = new Set<string>();
  root.services.forEach((service, i) => {
    if (!isRecord(service)) return report(['services', i], 'each service must be a mapping');
    for (const key of Object.keys(service)) {
      if (!SERVICE_KEYS.has(key) && !SD_CONFIG_KEYS.includes(key)) {
        const hint = key.endsWith('_sd_configs') ? ` (supported: ${SD_CONFIG_KEYS.join(', ')})` : '';
        report(['services', i, key], `unknown key ${JSON.stringify(key)}${hint}`);
      }
    }
    const name = typeof service.name === 'string' ? service.name : '';
    if (name && names.has(name)) report(['services', i, 'name'], `duplicate service name ${JSON.stringify(name)}`);
    names.add(name);
    const parsed = parseServiceParts(service, baseDir, ['services', i], report);
    const tls = dto.services[i]?.scraper?.tls_config;
    if (tls && (tls.cert_file === undefined) !== (tls.key_file === undefined)) {
      report(['services', i, 'scraper', 'tls_config'], 'cert_file and key_file go together: set both or neither');
    }
    if (parsed) services.push({ name, ...parsed, scraper: scraperSettings(dto.services[i], baseDir) });
  });

  const notifications = notificationSettings(dto.notifications, baseDir, report);

  const auth = authSettings(dto.auth, baseDir, options.secrets === false ? null : process.env, report);
  if (problems.length > 0) throw new ConfigError(label, problems);
  const redactHeaders = redactedHeaderList(dto.security?.redact_headers);
  const inBase = (path: string | undefined) => (path === undefined ? null : resolve(baseDir, path));
  return {
    file,
    auth,
    services,
    repository: { type: dto.repository?.type ?? 'memory' },
    redis: {
      url: dto.redis?.url ?? null,
      clusterNodes: dto.redis?.cluster_nodes ?? [],
      username: dto.redis?.username ?? null,
      passwordFile: inBase(dto.redis?.password_file),
      tlsCaFile: inBase(dto.redis?.tls_ca_file),
    },
    aggregation: {
      samplesPerKey: dto.aggregation?.samples_per_key ?? 100,
      targetExpiryCycles: dto.aggregation?.target_expiry_cycles ?? DEFAULT_TARGET_EXPIRY_CYCLES,
      limits: {
        maxAggregates: dto.aggregation?.limits?.max_aggregates ?? DEFAULT_PAYLOAD_LIMITS.maxAggregates,
        maxSamplesPerAggregate: dto.aggregation?.limits?.max_samples_per_aggregate ?? DEFAULT_PAYLOAD_LIMITS.maxSamplesPerAggregate,
        maxKeyLength: dto.aggregation?.limits?.max_key_length ?? DEFAULT_PAYLOAD_LIMITS.maxKeyLength,
        maxStringLength: dto.aggregation?.limits?.max_string_length ?? DEFAULT_PAYLOAD_LIMITS.maxStringLength,
        maxCauseDepth: dto.aggregation?.limits?.max_cause_depth ?? DEFAULT_PAYLOAD_LIMITS.maxCauseDepth,
        // Travels with the limits in every scrape job, so the scraper redacts before anything is stored.
        redactHeaders,
      },
      maxKeysPerService: dto.aggregation?.limits?.max_keys_per_service ?? DEFAULT_MAX_KEYS_PER_SERVICE,
      keyRetentionMs: dto.aggregation?.key_retention !== undefined ? parseDuration(dto.aggregation.key_retention) : DEFAULT_KEY_RETENTION_MS,
      breakdownLabels: dto.aggregation?.breakdown_labels ?? [],
      breakdownValues: dto.aggregation?.breakdown_values ?? DEFAULT_BREAKDOWN_VALUES,
    },
    notifications,
    security: { redactHeaders },
  };
}

function parseServiceParts(service: Record<string, unknown>, baseDir: string, at: ConfigPath, report: (path: ConfigPath, reason: string) => void): Pick<ServiceConfig, 'sd' | 'relabelConfigs'> | null {
  try {
    const sd = parseServiceDiscovery(service, { baseDir });
    let relabelConfigs: ServiceConfig['relabelConfigs'] = [];
    try {
      relabelConfigs = parseRelabelConfigs(service.relabel_configs);
    } catch (err) {
      throw err instanceof ConfigPathError ? err.under(['relabel_configs']) : new ConfigPathError(['relabel_configs'], (err as Error).message);
    }
    return { sd, relabelConfigs };
  } catch (err) {
    if (!(err instanceof ConfigPathError)) throw err;
    report([...at, ...err.path], err.reason);
    return null;
  }
}

function scraperSettings(dto: ServiceDto | undefined, baseDir: string): ServiceConfig['scraper'] {
  const scraper = dto?.scraper;
  const durationOr = (text: string | undefined, fallback: number) => {
    try {
      return text === undefined ? fallback : parseDuration(text);
    } catch {
      return fallback; // already reported by class-validator
    }
  };
  return {
    endpoint: scraper?.endpoint ?? '/errors',
    refreshIntervalMs: durationOr(scraper?.refresh_interval, 10_000),
    timeoutMs: durationOr(scraper?.timeout, DEFAULT_TIMEOUT_MS),
    maxResponseBytes: scraper?.max_response_bytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    followRedirects: (scraper?.follow_redirects as FollowRedirects | undefined) ?? 'same_host',
    tls: tlsSettings(scraper?.tls_config, baseDir),
  };
}

/** Only the keys that are set, so a scrape job carries nothing it does not need. */
function tlsSettings(dto: TlsConfigDto | undefined, baseDir: string): TlsFileConfig | null {
  if (!dto) return null;
  const tls: TlsFileConfig = {};
  if (dto.ca_file !== undefined) tls.caFile = resolve(baseDir, dto.ca_file);
  if (dto.cert_file !== undefined) tls.certFile = resolve(baseDir, dto.cert_file);
  if (dto.key_file !== undefined) tls.keyFile = resolve(baseDir, dto.key_file);
  if (dto.server_name !== undefined) tls.serverName = dto.server_name;
  if (dto.insecure_skip_verify !== undefined) tls.insecureSkipVerify = dto.insecure_skip_verify;
  return Object.keys(tls).length > 0 ? tls : null;
}

function collectValidationErrors(error: ValidationError, parent: ConfigPath, report: (path: ConfigPath, reason: string) => void): void {
  const index = /^\d+$/.test(error.property) ? Number(error.property) : error.property;
  const path = [...parent, index];
  for (const message of Object.values(error.constraints ?? {})) {
    report(path, message.startsWith('property ') ? `unknown key ${JSON.stringify(error.property)}` : message.replace(/^(\w+\.)*\w+ (must|should)/, '$2'));
  }
  for (const child of error.children ?? []) collectValidationErrors(child, path, report);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in obj) out[key] = obj[key];
  return out;
}

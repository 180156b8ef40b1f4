import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { IsPrometheusDuration } from './duration.validator';
import { NotificationsDto } from './notifications.dto';
import { FOLLOW_REDIRECTS } from './config.types';
import { AuthDto } from './auth/auth.dto';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Breakdown labels one config may name: each is a write per grown key and merge. */
export const MAX_BREAKDOWN_LABELS = 5;

/** Prometheus's `tls_config`, file-based: the scraper reads the files (and re-reads them when they change). */
export class TlsConfigDto {
  @IsOptional() @IsString() @MinLength(1) ca_file?: string;
  @IsOptional() @IsString() @MinLength(1) cert_file?: string;
  @IsOptional() @IsString() @MinLength(1) key_file?: string;
  @IsOptional() @IsString() @MinLength(1) server_name?: string;
  @IsOptional() @IsBoolean() insecure_skip_verify?: boolean;
}

/** Periskop's `scraper` block, plus this server's optional per-service limits and transport. */
export class ScraperDto {
  @IsString()
  @Matches(/^\//, { message: 'must be a path starting with /' })
  endpoint!: string;

  @IsPrometheusDuration()
  refresh_interval!: string;

  @IsOptional()
  @IsPrometheusDuration()
  timeout?: string;

  @IsOptional()
  @IsInt()
  @Min(1024)
  max_response_bytes?: number;

  @IsOptional()
  @IsIn(FOLLOW_REDIRECTS, { message: `must be one of ${FOLLOW_REDIRECTS.join(', ')}` })
  follow_redirects?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => TlsConfigDto)
  tls_config?: TlsConfigDto;
}

export class RepositoryDto {
  @IsIn(['memory', 'sqlite', 'mysql', 'postgres'])
  type!: string;

  @IsOptional()
  @IsString()
  path?: string;

  @IsOptional()
  @IsString()
  dsn?: string;
}

export class RedisDto {
  @IsOptional()
  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' })
  url?: string;

  @IsOptional()
  @IsArray()
  @Matches(/^(rediss?:\/\/([^\s@/]*@)?)?[^\s:@/]+:\d+$/, { each: true, message: 'must be host:port entries (or rediss://[user:password@]host:port)' })
  cluster_nodes?: string[];

  /** ACL user (Redis 6+); the URL's or a seed's user wins. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  username?: string;

  /** A file holding the password (its trailing newline ignored); a password in the URL wins. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  password_file?: string;

  /** CA bundle (PEM) that signs the servers' certificates, for rediss:// URLs and seeds. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  tls_ca_file?: string;
}

/** What never leaves the server: header values kept out of stored samples, logs and `/errors`. */
export class SecurityDto {
  @IsOptional()
  @IsArray()
  @Matches(HEADER_NAME, { each: true, message: 'must be HTTP header names such as X-Vault-Token' })
  redact_headers?: string[];
}

export class LimitsDto {
  @IsOptional() @IsInt() @Min(1) max_aggregates?: number;
  @IsOptional() @IsInt() @Min(1) @Max(10_000) max_samples_per_aggregate?: number;
  @IsOptional() @IsInt() @Min(16) max_key_length?: number;
  @IsOptional() @IsInt() @Min(256) max_string_length?: number;
  @IsOptional() @IsInt() @Min(1) max_cause_depth?: number;
  /** Distinct aggregation keys one service may hold; new keys past it are refused and counted. */
  @IsOptional() @IsInt() @Min(1) max_keys_per_service?: number;
}

export class AggregationDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  samples_per_key?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  target_expiry_cycles?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => LimitsDto)
  limits?: LimitsDto;

  /** An aggregate no instance reported for this long is deleted (Prometheus duration). */
  @IsOptional()
  @IsPrometheusDuration()
  key_retention?: string;

  /**
   * Target labels (after relabeling) whose values each key is counted by. Each costs a field per
   * kept value per key and one more write per grown key and merge: a handful at most.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BREAKDOWN_LABELS, { message: `holds at most ${MAX_BREAKDOWN_LABELS} labels (each costs a write per grown key and merge)` })
  @ArrayUnique({ message: 'must not name a label twice' })
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { each: true, message: 'must be label names such as version or zone (letters, digits, _)' })
  @Matches(/^(?!__)/, { each: true, message: 'must be target labels after relabeling: labels starting with __ are dropped before' })
  breakdown_labels?: string[];

  /** Values kept per breakdown label and key; past it the least recently seen values count as "other". */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  breakdown_values?: number;
}

/** The part of a service class-validator checks; SD blocks and relabel_configs go to libs/discovery. */
export class ServiceDto {
  @IsString()
  @MinLength(1)
  @Matches(/^[^/\s{}]+$/, { message: 'must not contain "/", spaces or braces (it is used in URLs and Redis keys)' })
  name!: string;

  @IsDefined({ message: 'is required: a scraper block with endpoint and refresh_interval' })
  @ValidateNested()
  @Type(() => ScraperDto)
  scraper!: ScraperDto;
}

export class ConfigDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ServiceDto)
  services!: ServiceDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RepositoryDto)
  repository?: RepositoryDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => RedisDto)
  redis?: RedisDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => AggregationDto)
  aggregation?: AggregationDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => NotificationsDto)
  notifications?: NotificationsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => SecurityDto)
  security?: SecurityDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => AuthDto)
  auth?: AuthDto;
}

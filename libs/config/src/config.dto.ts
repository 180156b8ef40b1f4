import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { parseDuration } from '@periskop/common';
import { AuthDto } from './auth/auth.dto';

/** A string in Prometheus's duration grammar (`10s`, `1m30s`, `0`). */
function IsPrometheusDuration(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPrometheusDuration',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            parseDuration(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args?: ValidationArguments) => {
          const value = args?.value;
          if (typeof value !== 'string') return `must be a duration such as 10s or 1m30s, got ${JSON.stringify(value)}`;
          try {
            parseDuration(value);
            return '';
          } catch (err) {
            return `${(err as Error).message} (use a duration such as 10s, 1m30s, 1h)`;
          }
        },
      },
    });
}

/** Periskop's `scraper` block, plus this server's optional per-service limits. */
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
  @Matches(/^[^\s:]+:\d+$/, { each: true, message: 'must be host:port entries' })
  cluster_nodes?: string[];
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
  @Type(() => AuthDto)
  auth?: AuthDto;
}

import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';

/** Groups (from an OpenID claim or a proxy header) that grant each role. */
export class RoleGroupsDto {
  @IsOptional() @IsArray() @IsString({ each: true }) admin?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) resolver?: string[];
  /** When set, only these groups (and the two above) may read; otherwise any signed-in person may. */
  @IsOptional() @IsArray() @IsString({ each: true }) viewer?: string[];
}

/** A bearer token for scripts and CI: exactly one of token, token_file, token_env. */
export class TokenDto {
  @IsString() @MinLength(1) @Matches(/^[\w.@-]+$/, { message: 'must be letters, digits, . _ @ or -' }) name!: string;
  @IsOptional() @IsString() token?: string;
  @IsOptional() @IsString() token_file?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name' }) token_env?: string;
  @IsIn(['viewer', 'resolver', 'admin']) role!: string;
}

export class OidcDto {
  @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' }) issuer!: string;
  @IsString() @MinLength(1) client_id!: string;
  @IsOptional() @IsString() client_secret?: string;
  @IsOptional() @IsString() client_secret_file?: string;
  /** Where the provider sends people back; default: this server's /auth/callback as the browser reached it. */
  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+\/auth\/callback$/, { message: 'must be an http(s) URL ending in /auth/callback' }) redirect_url?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) scopes?: string[];
  @IsOptional() @IsString() @MinLength(1) roles_claim?: string;
  @IsOptional() @IsString() @MinLength(1) username_claim?: string;
  @IsOptional() @ValidateNested() @Type(() => RoleGroupsDto) roles?: RoleGroupsDto;
}

export class ProxyAuthDto {
  @IsString() @Matches(/^[A-Za-z0-9-]+$/, { message: 'must be an HTTP header name' }) user_header!: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9-]+$/, { message: 'must be an HTTP header name' }) groups_header?: string;
  @IsOptional() @ValidateNested() @Type(() => RoleGroupsDto) roles?: RoleGroupsDto;
  /** Peers whose user header is believed (CIDRs or addresses); default loopback only. */
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsString({ each: true }) trusted_proxies?: string[];
}

export class SessionDto {
  @IsOptional() @IsString() secret_file?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name' }) secret_env?: string;
  @IsOptional() @IsString() max_age?: string;
}

export class RateLimitDto {
  /** Mutating requests and sign-in attempts per client address and window; 0 turns the limit off. */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) max?: number;
  @IsOptional() @IsString() window?: string;
}

/** The `auth:` block: who may read, resolve and administer, and the browser-facing defaults. */
export class AuthDto {
  @IsOptional() @IsIn(['none', 'viewer', 'resolver'], { message: 'must be one of none, viewer, resolver' }) anonymous?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TokenDto) tokens?: TokenDto[];
  @IsOptional() @ValidateNested() @Type(() => OidcDto) oidc?: OidcDto;
  @IsOptional() @ValidateNested() @Type(() => ProxyAuthDto) proxy?: ProxyAuthDto;
  @IsOptional() @ValidateNested() @Type(() => SessionDto) session?: SessionDto;
  /** Origins (scheme://host[:port]) allowed to call the API from a browser; default none (same origin only). */
  @IsOptional() @IsArray() @Matches(/^https?:\/\/[^/\s]+$/, { each: true, message: 'must be origins such as https://backstage.example.com (no path)' }) cors_origins?: string[];
  /** Who may read /metrics: public (anyone, even with anonymous: none), viewer (default) or admin. */
  @IsOptional() @IsIn(['public', 'viewer', 'admin'], { message: 'must be one of public, viewer, admin' }) metrics?: string;
  @IsOptional() @ValidateNested() @Type(() => RateLimitDto) rate_limit?: RateLimitDto;
}

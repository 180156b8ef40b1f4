import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { ErrorSort } from '@periskop/wire';

/** `GET /api/services/:service/errors`: one page of summaries (no samples). */
export class ErrorListQueryDto {
  @IsOptional() @IsIn(['latest', 'count', 'first', 'key']) sort: ErrorSort = 'latest';
  @IsOptional() @IsIn(['asc', 'desc']) order: 'asc' | 'desc' = 'desc';
  @IsOptional() @IsIn(['error', 'warning', 'info']) severity?: string;
  @IsOptional() @IsIn(['active', 'resolved', 'all']) status: 'active' | 'resolved' | 'all' = 'active';
  @IsOptional() @IsString() @MaxLength(500) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @IsOptional() @IsIn(['0', '1', 'true', 'false']) trend?: string;
  /** Repeatable `name=value` (see label-filter.ts); one parameter arrives as a string, several as an array. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  label?: string[];
}

/** Endpoints about one aggregation key take it as a query parameter: keys hold `/`, `@`, spaces. */
export class KeyQueryDto {
  @IsString() @MinLength(1) @MaxLength(4096) key!: string;
}

export class TrendQueryDto extends KeyQueryDto {
  @IsOptional() @IsIn(['minute', 'hour']) resolution: 'minute' | 'hour' = 'minute';
}

export class DetailQueryDto extends KeyQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit = 100;
}

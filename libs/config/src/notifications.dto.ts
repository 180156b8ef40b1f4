import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Min, MinLength, ValidateNested } from 'class-validator';
import { IsPrometheusDuration } from './duration.validator';

/** The events a route can ask for (`resolved` is not routed: it follows the alerts it ends). */
export const NOTIFICATION_EVENTS = ['new', 'regression', 'spike'] as const;

const HTTP_URL = /^https?:\/\/\S+$/;

export class SlackReceiverDto {
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  webhook_url?: string;

  /** A file holding the webhook URL (a mounted secret); read when a message is sent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  webhook_url_file?: string;
}

export class WebhookReceiverDto {
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  url!: string;

  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;
}

export class AlertmanagerReceiverDto {
  /** Alertmanager's base URL; alerts go to `<url>/api/v2/alerts`. */
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  url!: string;
}

export class ReceiverDto {
  @IsString()
  @MinLength(1)
  name!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => SlackReceiverDto)
  slack?: SlackReceiverDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookReceiverDto)
  webhook?: WebhookReceiverDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => AlertmanagerReceiverDto)
  alertmanager?: AlertmanagerReceiverDto;
}

export class RouteMatchDto {
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  services?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  severities?: string[];
}

export class RouteDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => RouteMatchDto)
  match?: RouteMatchDto;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(NOTIFICATION_EVENTS as unknown as string[], { each: true, message: `each event must be one of ${NOTIFICATION_EVENTS.join(', ')}` })
  events?: string[];

  @IsString()
  @MinLength(1)
  receiver!: string;

  @IsOptional()
  @IsPrometheusDuration()
  repeat_interval?: string;
}

export class SpikeDto {
  @IsPrometheusDuration()
  window!: string;

  @IsNumber()
  @Min(1)
  factor!: number;

  @IsInt()
  @Min(1)
  min_count!: number;
}

export class NotificationsDto {
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL (the dashboard links in messages start with it)' })
  external_url?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReceiverDto)
  receivers?: ReceiverDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RouteDto)
  routes?: RouteDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => SpikeDto)
  spike?: SpikeDto;
}

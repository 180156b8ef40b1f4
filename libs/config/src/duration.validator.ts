import { registerDecorator, ValidationArguments } from 'class-validator';
import { parseDuration } from '@periskop/common';

/** A string in Prometheus's duration grammar (`10s`, `1m30s`, `0`). */
export function IsPrometheusDuration(): PropertyDecorator {
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

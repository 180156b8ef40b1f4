import 'reflect-metadata';
import { ACCESS_POLICY } from '@periskop/common';
import { PushController } from './push.controller';

/** The gateway's routes declare the roles the README's push section promises (the guard enforces them). */
describe('pushgateway access policies', () => {
  const policy = (handler: keyof PushController) => Reflect.getMetadata(ACCESS_POLICY, PushController.prototype[handler]) as string | undefined;

  it('needs the resolver role to push, as resolving does; reads are for viewers', () => {
    expect([policy('push'), policy('errors')]).toEqual(['resolver', 'viewer']);
  });
});

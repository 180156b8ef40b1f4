import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route: anyone (`public`), a role, or `metrics` (the role `auth.metrics` names).
 * The API refuses to serve a route that declares none, so a new route needs a decision.
 */
export type AccessPolicy = 'public' | 'viewer' | 'resolver' | 'admin' | 'metrics';

export const ACCESS_POLICY = 'periskop:access-policy';

/** Declares a route's (or a controller's) access policy; the API's guard enforces it. */
export const Access = (policy: AccessPolicy) => SetMetadata(ACCESS_POLICY, policy);

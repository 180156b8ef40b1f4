// Who may call a route, shared by every server that takes changes: the API and the pushgateway.
// OIDC sign-in and the browser defaults stay with the API, the only app that serves a dashboard.
export { Authenticator } from './authenticator';
export { AccessGuard, IDENTITY, type RequestWithIdentity } from './access.guard';
export { type Identity, hasRole, roleOfGroups } from './identity';
export { SESSION_USER, SESSION_LOGIN, SESSION_COOKIE, type SessionUser, type PendingLogin, type SessionStore, sessionOf } from './session';
export { isMutating, fromAllowedOrigin } from './same-origin';

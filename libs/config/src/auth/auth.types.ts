/** Who may do what, lowest first: each role includes the ones before it. */
export const ROLES = ['viewer', 'resolver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGroups {
  admin: string[];
  resolver: string[];
  /** null: any authenticated person may read; a list: only these groups (and the ones above). */
  viewer: string[] | null;
}

export interface ApiToken {
  name: string;
  /** The secret itself, read from the file or environment at start-up. */
  token: string;
  role: Role;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUrl: string | null;
  scopes: string[];
  rolesClaim: string;
  usernameClaim: string;
  roles: RoleGroups;
}

export interface ProxyAuthSettings {
  /** Lower-case header names, as Node hands them over. */
  userHeader: string;
  groupsHeader: string | null;
  roles: RoleGroups;
  /** CIDRs (`10.0.0.0/8`, `::1/128`) of the proxies whose headers are believed. */
  trustedProxies: string[];
}

export interface AuthSettings {
  /** What a request without credentials may do; `none` makes every read need a token or a session. */
  anonymous: 'none' | 'viewer' | 'resolver';
  tokens: ApiToken[];
  oidc: OidcSettings | null;
  proxy: ProxyAuthSettings | null;
  /** Key material for the session cookie; null: a random key per process (sessions end on restart and are not shared by replicas). */
  sessionSecret: string | null;
  sessionMaxAgeMs: number;
  corsOrigins: string[];
  /** The role `/metrics` needs; `public` means no credentials at all. */
  metrics: 'public' | 'viewer' | 'admin';
  /** Mutating requests and sign-in attempts per client address per window; 0 is unlimited. */
  rateLimit: { max: number; windowMs: number };
}

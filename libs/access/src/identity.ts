import type { Role, RoleGroups } from '@periskop/platform';

/** Who sent a request and what they may do (`role: null`: authenticated, but no role at all). */
export interface Identity {
  via: 'anonymous' | 'token' | 'session' | 'proxy';
  /** A person's user name, a token's name, or "anonymous". */
  name: string;
  role: Role | null;
}

const RANK: Record<Role, number> = { viewer: 1, resolver: 2, admin: 3 };

/** Whether `role` includes `required` (admin includes resolver includes viewer). */
export function hasRole(role: Role | null, required: Role): boolean {
  return role !== null && RANK[role] >= RANK[required];
}

/**
 * The highest role any of a person's groups grants. An authenticated person with no matching
 * group reads, unless `viewer` lists the groups that may.
 */
export function roleOfGroups(groups: readonly string[], roles: RoleGroups): Role | null {
  const any = (list: readonly string[]) => list.some((g) => groups.includes(g));
  if (any(roles.admin)) return 'admin';
  if (any(roles.resolver)) return 'resolver';
  if (roles.viewer === null || any(roles.viewer)) return 'viewer';
  return null;
}

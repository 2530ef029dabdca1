import { STAFF_ROLES, type StaffRoleName } from "../roles";

/** One pair of OIDC_ROLE_MAP: members of the identity provider's `group` get `role`. */
export interface RoleMapping {
  group: string;
  role: StaffRoleName;
}

export type ParsedRoleMap = { ok: true; map: RoleMapping[] } | { ok: false; problem: string };

const isStaffRole = (value: string): value is StaffRoleName => (STAFF_ROLES as readonly string[]).includes(value);

/**
 * `ops-admins=admin,dispatch=dispatcher`. Order is kept: it is the precedence when a person is in
 * several mapped groups, so the most privileged pair is written first. The problem sentence starts
 * after the variable's name, which the caller adds.
 */
export function parseRoleMap(raw: string): ParsedRoleMap {
  const pairs = raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const malformed = { ok: false, problem: `must be group=role pairs separated by commas, got "${raw}"` } as const;
  if (pairs.length === 0) return malformed;
  const map: RoleMapping[] = [];
  for (const pair of pairs) {
    const equals = pair.lastIndexOf("=");
    const group = pair.slice(0, equals).trim();
    const role = pair.slice(equals + 1).trim();
    if (equals < 0 || !group || !role) return malformed;
    if (!isStaffRole(role))
      return {
        ok: false,
        problem: `names the role "${role}" for the group "${group}": roles are ${STAFF_ROLES.join(", ")}`,
      };
    if (map.some((m) => m.group === group))
      return { ok: false, problem: `maps the group "${group}" twice: give each group one role` };
    map.push({ group, role });
  }
  return { ok: true, map };
}

/**
 * The staff role of a person whose identity provider puts them in `groups` (the raw claim: a list
 * of names, or one name), or null when none of their groups is mapped: such a person is refused,
 * never given a default role.
 */
export function roleForGroups(groups: unknown, map: readonly RoleMapping[]): StaffRoleName | null {
  const names = new Set(
    typeof groups === "string" ? [groups] : Array.isArray(groups) ? groups.filter((g) => typeof g === "string") : [],
  );
  return map.find((m) => names.has(m.group))?.role ?? null;
}

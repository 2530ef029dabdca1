import type { staffAccounts, staffUsers } from "../../db/schema";
import { credentialAccounts, DEMO_STAFF, TECHNICIAN_EMAIL, type StaffRole } from "../demo-accounts";
import { asciiSlug, ENGLISH_FIRST_NAMES, ENGLISH_LAST_NAMES, FRENCH_FIRST_NAMES, FRENCH_LAST_NAMES } from "../names";
import { Rng } from "../random";
import { shared, type RowOf, type SeedContext } from "./context";
import { DAY, iso } from "./time";

export type StaffUserRow = RowOf<typeof staffUsers> & { role: StaffRole };

export interface StaffPlan {
  users: StaffUserRow[];
  accounts: RowOf<typeof staffAccounts>[];
  technicianUserId: string;
  /** Who tickets are assigned to, by ticket concern. */
  supportIds: string[];
  billingIds: string[];
  dispatcherIds: string[];
  nameById: Map<string, string>;
}

export function planStaff(ctx: SeedContext): StaffPlan {
  const rng = Rng.for(ctx.scale, "staff");
  const since = iso(ctx.nowMs - 3 * 365 * DAY);
  const users: StaffUserRow[] = DEMO_STAFF.map((s) => ({
    id: rng.textId(),
    name: s.name,
    email: s.email,
    emailVerified: true,
    role: s.role,
    language: s.language,
    active: true,
    createdAt: since,
    updatedAt: since,
  }));
  const emails = new Set(users.map((u) => u.email));
  for (let i = 0; i < ctx.volumes.extraStaff; i++) {
    const english = rng.chance(0.2);
    const first = rng.pick(english ? ENGLISH_FIRST_NAMES : FRENCH_FIRST_NAMES);
    const last = rng.pick(english ? ENGLISH_LAST_NAMES : FRENCH_LAST_NAMES);
    let email = `${asciiSlug(first)}.${asciiSlug(last)}@staff.demo.test`;
    for (let n = 2; emails.has(email); n++) email = `${asciiSlug(first)}.${asciiSlug(last)}${n}@staff.demo.test`;
    emails.add(email);
    const created = iso(ctx.nowMs - rng.int(30, 3 * 365) * DAY);
    users.push({
      id: rng.textId(),
      name: `${first} ${last}`,
      email,
      emailVerified: true,
      role: rng.weighted<StaffRole>([
        ["support", 50],
        ["billing", 25],
        ["dispatcher", 25],
      ]),
      language: english ? "en" : "fr",
      // A few people have left: their old tickets still name them.
      active: !rng.chance(0.1),
      createdAt: created,
      updatedAt: created,
    });
  }
  const ids = (role: StaffRole) => users.filter((u) => u.role === role).map((u) => u.id);
  const demoUserIds = users.slice(0, DEMO_STAFF.length).map((u) => u.id);
  const technician = users.find((u) => u.email === TECHNICIAN_EMAIL);
  if (!technician) throw new Error("demo technician missing");
  return {
    users,
    accounts: credentialAccounts(demoUserIds, ctx.passwordHash, rng, since),
    technicianUserId: technician.id,
    supportIds: [...ids("support"), ...ids("admin")],
    billingIds: ids("billing"),
    dispatcherIds: ids("dispatcher"),
    nameById: new Map(users.map((u) => [u.id, u.name])),
  };
}

export function staffOf(ctx: SeedContext): StaffPlan {
  return shared(ctx, "staff", () => planStaff(ctx));
}

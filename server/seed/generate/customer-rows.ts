import type { customers, portalAccounts, portalUsers, serviceLocations } from "../../db/schema";
import { credentialAccounts } from "../demo-accounts";
import { Rng } from "../random";
import { shared, type RowOf, type SeedContext } from "./context";
import { customersOf } from "./customers";
import { iso } from "./time";

export function* customerRows(ctx: SeedContext): Generator<RowOf<typeof customers>> {
  const rng = Rng.for(ctx.scale, "customer-rows");
  for (const c of customersOf(ctx).customers) {
    // Bills go to where the customer lives now.
    const home = c.locations.find((l) => l.role === "home") ?? c.locations[c.locations.length - 1];
    const updatedMs = Math.min(ctx.nowMs - 1, c.createdMs + rng.int(0, 400) * 86_400_000);
    yield {
      id: c.id,
      legacyAccountId: String(100_000 + c.id),
      legacyCustomerId: `CUST-${String(c.id).padStart(5, "0")}`,
      kind: c.kind,
      status: c.status,
      firstName: c.firstName,
      lastName: c.lastName,
      companyName: c.companyName,
      displayName: c.displayName,
      language: c.language,
      email: c.email,
      phone: c.phone,
      phoneDigits: c.phone.replace(/\D/g, ""),
      mobile: c.mobile,
      billingAddress: home ? `${home.unit ? `${home.unit}-` : ""}${home.address}` : null,
      billingCity: home?.town.name ?? null,
      billingPostalCode: home?.postalCode ?? null,
      preAuthorizedPayments: c.pay === "preauth",
      stripeCustomerId: c.stripeCustomerId,
      notes: c.notes,
      createdAt: iso(c.createdMs),
      updatedAt: iso(Math.max(c.createdMs, updatedMs)),
    };
  }
}

export function* locationRows(ctx: SeedContext): Generator<RowOf<typeof serviceLocations>> {
  for (const l of customersOf(ctx).locations) {
    yield {
      id: l.id,
      legacyId: `LOC-${String(l.id).padStart(6, "0")}`,
      customerId: l.customer.id,
      address: l.address,
      unit: l.unit,
      city: l.town.name,
      province: "QC",
      postalCode: l.postalCode,
      latitude: l.latitude,
      longitude: l.longitude,
      status: l.status,
      oltName: l.oltName,
      oltSlot: l.oltSlot,
      oltPort: l.oltPort,
      ontId: l.ontId,
      vlan: l.vlan,
      ipMode: l.ipMode,
      staticIp: l.staticIp,
      networkSettings: l.networkSettings,
      accessNotes: l.accessNotes,
      createdAt: iso(l.createdMs),
    };
  }
}

interface PortalPlan {
  users: RowOf<typeof portalUsers>[];
  accounts: RowOf<typeof portalAccounts>[];
}

/** The two demo customers sign in to the portal; their users point at their customer rows. */
function planPortal(ctx: SeedContext): PortalPlan {
  const rng = Rng.for(ctx.scale, "portal");
  const users = customersOf(ctx)
    .customers.filter((c) => c.demo >= 0)
    .sort((a, b) => a.demo - b.demo)
    .map((c) => ({
      id: rng.textId(),
      name: c.displayName,
      email: c.email ?? "",
      emailVerified: true,
      customerId: c.id,
      createdAt: iso(c.createdMs),
      updatedAt: iso(c.createdMs),
    }));
  const accounts = credentialAccounts(
    users.map((u) => u.id),
    ctx.passwordHash,
    rng,
    iso(ctx.nowMs),
  );
  return { users, accounts };
}

export function portalOf(ctx: SeedContext): PortalPlan {
  return shared(ctx, "portal", () => planPortal(ctx));
}

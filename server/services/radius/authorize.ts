/**
 * FreeRADIUS asks whether a subscriber may connect (its rest module, at authorize). The answer
 * comes from the subscription alone (lib/domain/radius/access-decision.ts); an accepted
 * subscriber's RADIUS password is opened here, only to be handed to FreeRADIUS, which checks what
 * the subscriber typed (PAP or CHAP) against it. The password is never logged nor stored opened.
 */
import { eq, sql } from "drizzle-orm";
import { accessDecision, type AccessDecision } from "../../../lib/domain/radius/access-decision";
import {
  rateLimitAttributes,
  walledGardenAttributes,
  type ReplyAttribute,
} from "../../../lib/domain/radius/reply-attributes";
import { radiusPasswordBinding } from "../../crypto/encrypted-columns";
import { openSecret } from "../../crypto/secret-box";
import type { Database } from "../../db/client";
import { items, serviceSubscriptions } from "../../db/schema";
import type { ServiceDeps } from "../deps";

export type SubscriberAnswer =
  | { kind: "accept"; profile: "full" | "walled_garden"; password: string; reply: ReplyAttribute[] }
  | { kind: "reject"; reason: Extract<AccessDecision, { kind: "reject" }>["reason"] };

/** RADIUS User-Name is at most 253 octets; longer is no subscriber of ours. */
const MAX_USER_NAME = 253;

/** One prepared statement per database: this runs for every Access-Request the network sends. */
const lookups = new WeakMap<Database, ReturnType<typeof prepareLookup>>();

function prepareLookup(db: Database) {
  return db
    .select({
      id: serviceSubscriptions.id,
      status: serviceSubscriptions.status,
      radiusStatus: serviceSubscriptions.radiusStatus,
      sealed: serviceSubscriptions.radiusPasswordEncrypted,
      downloadMbps: items.downloadMbps,
      uploadMbps: items.uploadMbps,
    })
    .from(serviceSubscriptions)
    .innerJoin(items, eq(items.id, serviceSubscriptions.itemId))
    .where(eq(serviceSubscriptions.radiusUsername, sql.placeholder("userName")))
    .limit(1)
    .prepare("radius_authorize_subscriber");
}

export async function authorizeSubscriber(
  deps: Pick<ServiceDeps, "db" | "config">,
  userName: string,
): Promise<SubscriberAnswer> {
  const { radius, encryptionKeys } = deps.config;
  if (userName.length === 0 || userName.length > MAX_USER_NAME) return { kind: "reject", reason: "unknown" };
  let lookup = lookups.get(deps.db);
  if (!lookup) lookups.set(deps.db, (lookup = prepareLookup(deps.db)));
  const [row] = await lookup.execute({ userName });
  const decision = accessDecision(
    row ? { status: row.status, radiusStatus: row.radiusStatus, hasPassword: row.sealed !== null } : null,
    radius.suspendedPolicy,
  );
  if (decision.kind === "reject") return decision;
  if (!row?.sealed) return { kind: "reject", reason: "no_password" };
  const password = openSecret(row.sealed, encryptionKeys, radiusPasswordBinding(row.id));
  const reply =
    decision.profile === "full"
      ? rateLimitAttributes(radius.vendor, row)
      : walledGardenAttributes(radius.vendor, radius.walledGarden);
  return { kind: "accept", profile: decision.profile, password, reply };
}

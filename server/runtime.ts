import path from "node:path";
import { loadConfig, type ServerConfig } from "./config";
import { openDatabase, type DatabaseHandle } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { createCustomerAuth, createStaffAuth, type CustomerAuth, type StaffAuth } from "./auth/realms";
import { createAcsClient } from "./integrations/genieacs/nbi-client";
import { createMailer } from "./integrations/mail/mailer";
import { createSmsSender } from "./integrations/sms";
import { createNetSnmpProber } from "./integrations/snmp/net-snmp-prober";
import { createStripeGateway } from "./integrations/stripe/stripe-gateway";
import { createRadiusDynamicClient } from "./integrations/radius/dynamic-client";
import { ProcessJobs } from "./jobs/process-jobs";
import type { ServiceDeps } from "./services/deps";
import { createProcessEvents } from "./services/process-events";
import { createAccessChangeDelivery, type AccessChangeDelivery } from "./services/radius/access-change-delivery";
import { createFileStorage } from "./storage";

/**
 * The composition root: everything stateful in the process, built once, here. Next bundles route
 * code apart from server/main.ts, so the two module graphs would each build their own (PGlite
 * allows one connection; events emitted by tRPC would never reach the board): the single root
 * lives on globalThis, the only process-wide holder. Everything else receives what it needs from
 * it: the tRPC context, route handlers and server actions (getRuntime), job handlers (JobContext),
 * the collab and realtime servers (server/main.ts). Tests build their own (buildRuntime with a
 * test configuration and database, fakes where they want them).
 */
export interface Runtime extends ServiceDeps {
  database: DatabaseHandle;
  staffAuth: StaffAuth;
  customerAuth: CustomerAuth;
  jobs: ProcessJobs;
  /** Sends subscribers' access changes to the NAS once committed; server/main.ts starts it. */
  radiusChanges: AccessChangeDelivery;
}

/** What a caller may supply instead of the default: a test's fakes. */
export type RuntimeOverrides = Partial<
  Pick<Runtime, "storage" | "mailer" | "sms" | "payments" | "acs" | "events" | "radius" | "snmp">
>;

/** The root over an open, migrated database. */
export function buildRuntime(
  config: ServerConfig,
  database: DatabaseHandle,
  overrides: RuntimeOverrides = {},
): Runtime {
  const db = database.db;
  const events = overrides.events ?? createProcessEvents();
  const mailer = overrides.mailer ?? createMailer(config);
  const radius = overrides.radius ?? createRadiusDynamicClient({ timeoutMs: config.radius.dynamicTimeoutMs });
  return {
    config,
    database,
    db,
    staffAuth: createStaffAuth(db, config, {
      onSessionEnded: (userId) => events.staffAccess.revoked({ userId }),
    }),
    customerAuth: createCustomerAuth(db, config, mailer),
    storage: overrides.storage ?? createFileStorage(config),
    mailer,
    sms: overrides.sms ?? createSmsSender(config),
    payments:
      overrides.payments !== undefined ? overrides.payments : config.stripe ? createStripeGateway(config.stripe) : null,
    acs: overrides.acs !== undefined ? overrides.acs : createAcsClient(config.genieacs),
    jobs: new ProcessJobs(db),
    events,
    radius,
    radiusChanges: createAccessChangeDelivery({ db, config, radius }),
    snmp: overrides.snmp ?? createNetSnmpProber(config.network.snmp),
  };
}

/** Opens and migrates the configured database, then builds the root on it. */
export async function createRuntime(
  config: ServerConfig = loadConfig(),
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
  await migrateDatabase(database);
  return buildRuntime(config, database, overrides);
}

/** Stops the RADIUS change delivery and the job queue, then closes the database. */
export async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.radiusChanges.stop();
  await runtime.radius.close();
  await runtime.jobs.stop();
  await runtime.database.close();
}

const RUNTIME_KEY = Symbol.for("fibre-ops.runtime");
type RuntimeHolder = { [RUNTIME_KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as RuntimeHolder;
  holder[RUNTIME_KEY] ??= createRuntime();
  return holder[RUNTIME_KEY];
}

/** Installs an already built root (server/main.ts, tests) so route code reuses it. */
export function setRuntime(runtime: Runtime): void {
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = Promise.resolve(runtime);
}

import path from "node:path";
import { loadConfig, type ServerConfig } from "./config";
import { openDatabase, type DatabaseHandle } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { createCustomerAuth, createStaffAuth, type CustomerAuth, type StaffAuth } from "./auth/realms";

/**
 * The process-wide state. Next bundles route code apart from server/main.ts, so the
 * two module graphs would each open their own database (PGlite allows one connection):
 * the single instance lives on globalThis instead.
 */
export interface Runtime {
  config: ServerConfig;
  database: DatabaseHandle;
  staffAuth: StaffAuth;
  customerAuth: CustomerAuth;
}

const RUNTIME_KEY = Symbol.for("fibre-ops.runtime");
type RuntimeHolder = { [RUNTIME_KEY]?: Promise<Runtime> };

export async function createRuntime(config: ServerConfig = loadConfig()): Promise<Runtime> {
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, "pglite"),
  });
  await migrateDatabase(database);
  return {
    config,
    database,
    staffAuth: createStaffAuth(database.db, config),
    customerAuth: createCustomerAuth(database.db, config),
  };
}

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as RuntimeHolder;
  holder[RUNTIME_KEY] ??= createRuntime();
  return holder[RUNTIME_KEY];
}

/** Installs an already created runtime (server/main.ts, tests) so route code reuses it. */
export function setRuntime(runtime: Runtime): void {
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = Promise.resolve(runtime);
}

/**
 * The product's settings (/office/settings): the provider's identity printed on invoices, the
 * dunning days, the reminder hours. Each section reads the configuration (environment variables
 * and their defaults) until an administrator saves it; then the database row wins. Input is
 * parsed with the configuration's own schemas (SETTINGS_FIELDS), so the office cannot store a
 * value the environment would have refused; every save is audited with each field before and after.
 *
 * readSettings is what the rest of the product calls (invoices, dunning, SMS texts). It keeps
 * what it read for a few seconds per database: a save in this module graph clears it at once,
 * and another instance (or Next's separate module graph in the same process) sees the change
 * within CACHE_MS.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { SETTINGS_FIELDS } from "../../config/env-schema";
import type { ServerConfig } from "../../config";
import type { Queryable } from "../../db/client";
import { appSettings, staffUsers } from "../../db/schema";
import { can } from "../../../lib/domain/capabilities";
import {
  SETTINGS_SECTIONS,
  type ProductSettings,
  type SaveSettingsInput,
  type SettingsSection,
  type SettingsView,
} from "../../../lib/schemas/settings";
import type { Actor } from "../actor";
import { recordAudit, type FieldChanges } from "../audit";
import type { ServiceDeps } from "../deps";
import { RecordAccessError, RuleViolationError } from "../errors";

export type { ProductSettings, SettingsView } from "../../../lib/schemas/settings";

export const SETTINGS_CACHE_MS = 5_000;

type SettingsDeps = Pick<ServiceDeps, "db" | "config">;

/** The configuration's values: what a section reads until it is saved. */
export function settingsFromConfig(config: ServerConfig): ProductSettings {
  return {
    provider: {
      name: config.billing.providerName,
      address: config.billing.providerAddress,
      gstNumber: config.billing.gstNumber,
      qstNumber: config.billing.qstNumber,
    },
    dunning: { reminderDays: [...config.billing.dunningReminderDays], suspendDays: config.billing.dunningSuspendDays },
    reminders: { dunningHour: config.reminders.dunningHour, appointmentHour: config.reminders.appointmentHour },
  };
}

// What a stored row must look like to be used (it was parsed before it was written; a row
// edited by hand into nonsense is ignored, with a log line, rather than printed on invoices).
const STORED: { [S in SettingsSection]: z.ZodType<ProductSettings[S]> } = {
  provider: z.object({
    name: z.string().min(1),
    address: z.string(),
    gstNumber: z.string().min(1),
    qstNumber: z.string().min(1),
  }),
  dunning: z.object({
    reminderDays: z.array(z.number().int().min(0).max(365)).min(1),
    suspendDays: z.number().int().min(1).max(365),
  }),
  reminders: z.object({
    dunningHour: z.number().int().min(0).max(23),
    appointmentHour: z.number().int().min(0).max(23),
  }),
};

interface StoredRow {
  section: string;
  value: Record<string, unknown>;
  updatedAt: Date;
  updatedByName: string | null;
}

async function storedRows(db: Queryable): Promise<StoredRow[]> {
  return db
    .select({
      section: appSettings.section,
      value: appSettings.value,
      updatedAt: appSettings.updatedAt,
      updatedByName: staffUsers.name,
    })
    .from(appSettings)
    .leftJoin(staffUsers, eq(staffUsers.id, appSettings.updatedBy));
}

function merge(config: ServerConfig, rows: readonly StoredRow[]): ProductSettings {
  const settings = settingsFromConfig(config);
  for (const row of rows) {
    if (!(SETTINGS_SECTIONS as readonly string[]).includes(row.section)) continue;
    const section = row.section as SettingsSection;
    const parsed = STORED[section].safeParse(row.value);
    if (parsed.success) (settings as Record<SettingsSection, unknown>)[section] = parsed.data;
    else
      console.error(`app_settings ${section} is unreadable, the configuration's values apply:`, parsed.error.message);
  }
  return settings;
}

const cache = new WeakMap<object, { config: ServerConfig; settings: ProductSettings; until: number }>();

/** The settings in force: the saved sections over the configuration's. Cached for SETTINGS_CACHE_MS. */
export async function readSettings(deps: SettingsDeps): Promise<ProductSettings> {
  const kept = cache.get(deps.db);
  if (kept && kept.config === deps.config && kept.until > Date.now()) return kept.settings;
  const settings = merge(deps.config, await storedRows(deps.db));
  cache.set(deps.db, { config: deps.config, settings, until: Date.now() + SETTINGS_CACHE_MS });
  return settings;
}

/** The provider as invoices print it (renderInvoicePdf). */
export function invoiceIssuerOf(settings: ProductSettings) {
  const { name, address, gstNumber, qstNumber } = settings.provider;
  return { providerName: name, providerAddress: address, gstNumber, qstNumber };
}

/** Forgets what readSettings kept for this database (after a save, or a test that writes the table). */
export function forgetSettings(db: object): void {
  cache.delete(db);
}

/**
 * MGMT_SUBNETS as the configuration read it (`network.mgmtSubnets`, each with the text it was
 * written as), when the configuration has it: the network diagnostics own that variable and its
 * parsing, so this reads it structurally. null when it is absent or empty.
 */
export function managementSubnetsOf(config: ServerConfig): string[] | null {
  const network = (config as ServerConfig & { network?: { mgmtSubnets?: unknown } }).network;
  const subnets = network?.mgmtSubnets;
  if (!Array.isArray(subnets) || subnets.length === 0) return null;
  return subnets.map((subnet: unknown) =>
    typeof subnet === "object" && subnet !== null && "text" in subnet ? String(subnet.text) : String(subnet),
  );
}

/** The office page: the settings in force, where each section comes from, and the read-only subnets. */
export async function settingsView(deps: SettingsDeps): Promise<SettingsView> {
  const rows = await storedRows(deps.db);
  const sections = Object.fromEntries(
    SETTINGS_SECTIONS.map((section) => {
      const row = rows.find((r) => r.section === section);
      return [
        section,
        row
          ? { source: "stored", updatedAt: row.updatedAt.toISOString(), updatedByName: row.updatedByName }
          : { source: "configuration", updatedAt: null, updatedByName: null },
      ];
    }),
  ) as SettingsView["sections"];
  return { settings: merge(deps.config, rows), sections, managementSubnets: managementSubnetsOf(deps.config) };
}

/** Which message key names each field's problem. */
const FIELD_KEYS: { [S in SettingsSection]: Record<string, string> } = {
  provider: { name: "providerName", address: "providerAddress", gstNumber: "gstNumber", qstNumber: "qstNumber" },
  dunning: { reminderDays: "reminderDays", suspendDays: "suspendDays" },
  reminders: { dunningHour: "dunningHour", appointmentHour: "appointmentHour" },
};

// The configuration's schemas, field by field. An empty address is allowed here (prints none),
// as PROVIDER_ADDRESS unset is; a written one follows PROVIDER_ADDRESS's rule.
const address = z.string().transform((raw, ctx) => {
  if (raw.trim() === "") return "";
  const parsed = SETTINGS_FIELDS.PROVIDER_ADDRESS.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
  return z.NEVER;
});
const PARSERS = {
  provider: z.object({
    name: SETTINGS_FIELDS.PROVIDER_NAME,
    address,
    gstNumber: SETTINGS_FIELDS.PROVIDER_GST_NUMBER,
    qstNumber: SETTINGS_FIELDS.PROVIDER_QST_NUMBER,
  }),
  dunning: z.object({
    reminderDays: SETTINGS_FIELDS.DUNNING_REMINDER_DAYS,
    suspendDays: SETTINGS_FIELDS.DUNNING_SUSPEND_DAYS,
  }),
  reminders: z.object({
    dunningHour: SETTINGS_FIELDS.DUNNING_HOUR,
    appointmentHour: SETTINGS_FIELDS.APPOINTMENT_REMINDER_HOUR,
  }),
};

function parseSection(input: SaveSettingsInput): ProductSettings[SettingsSection] {
  const parsed = PARSERS[input.section].safeParse(input.values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const raw = (input.values as Record<string, string>)[field] ?? "";
  throw new RuleViolationError(issue.message, `values.${field}`, {
    key: `errors.settings.${FIELD_KEYS[input.section][field] ?? "providerName"}`,
    params: { value: raw.slice(0, 80) },
  });
}

/** Advisory lock key of settings saves. */
const SAVE_LOCK = 7_420_060;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Validates and saves one section; audited field by field (before, after). A save that changes nothing writes nothing. */
export async function saveSettings(
  deps: SettingsDeps,
  actor: Actor,
  input: SaveSettingsInput,
): Promise<{ changed: boolean; settings: ProductSettings }> {
  // Second layer: the procedure checked the capability; a service caller that is not an administrator is refused here too.
  if (actor.realm !== "staff" || !can(actor.role, "settings.manage"))
    throw new RecordAccessError("Only administrators change the settings");
  const next = parseSection(input);
  const changed = await deps.db.transaction(async (tx) => {
    // Two administrators saving at once: the second waits for the first and audits from its result.
    await tx.execute(sql`select pg_advisory_xact_lock(${SAVE_LOCK}::int)`);
    const current = merge(deps.config, await storedRows(tx))[input.section] as unknown as Record<string, unknown>;
    const changes: FieldChanges = {};
    for (const [field, to] of Object.entries(next)) {
      if (!same(current[field], to)) changes[field] = { from: current[field], to };
    }
    if (Object.keys(changes).length === 0) return false;
    const values = {
      value: next as unknown as Record<string, unknown>,
      updatedBy: actor.userId,
      updatedAt: new Date(),
    };
    await tx
      .insert(appSettings)
      .values({ section: input.section, ...values })
      .onConflictDoUpdate({ target: appSettings.section, set: values });
    await recordAudit(tx, actor, {
      action: "settings.update",
      entityType: "settings",
      entityId: input.section,
      changes,
    });
    return true;
  });
  forgetSettings(deps.db);
  return { changed, settings: await readSettings(deps) };
}

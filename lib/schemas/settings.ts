/**
 * The product's settings an administrator changes in the office (/office/settings). Each
 * section falls back to the configuration (environment variables and their defaults) until it
 * is saved once; the server validates with the configuration's own schemas.
 */
import { z } from "zod";

export interface ProviderSettings {
  /** Printed on invoices, credit notes, and named in emails and SMS. */
  name: string;
  /** Printed under the name on invoices; empty prints nothing. */
  address: string;
  gstNumber: string;
  qstNumber: string;
}

export interface DunningSettings {
  /** Days after the due date when a reminder goes out, ascending. */
  reminderDays: number[];
  /** Days after the due date when the customer's subscriptions are suspended. */
  suspendDays: number;
}

export interface ReminderHours {
  /** Hour of the day (Quebec) the daily dunning pass sends its reminders. */
  dunningHour: number;
  /** Hour of the evening before a visit its appointment reminder goes out. */
  appointmentHour: number;
}

export interface ProductSettings {
  provider: ProviderSettings;
  dunning: DunningSettings;
  reminders: ReminderHours;
}

export const SETTINGS_SECTIONS = ["provider", "dunning", "reminders"] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export interface SettingsSectionState {
  /** `configuration`: nobody saved it in the office yet; the environment's values apply. */
  source: "stored" | "configuration";
  updatedAt: string | null;
  updatedByName: string | null;
}

export interface SettingsView {
  settings: ProductSettings;
  sections: Record<SettingsSection, SettingsSectionState>;
  /** MGMT_SUBNETS as configured (read-only in the office); null when not configured. */
  managementSubnets: string[] | null;
}

/**
 * What the office's forms send: the text as typed, parsed by the server with the configuration's
 * schemas (so "3, 10" and "10,3" are the same days, as in DUNNING_REMINDER_DAYS).
 */
const text = z.string().max(1000);
export const saveSettingsInput = z.discriminatedUnion("section", [
  z.object({
    section: z.literal("provider"),
    values: z.object({ name: text, address: text, gstNumber: text, qstNumber: text }).strict(),
  }),
  z.object({
    section: z.literal("dunning"),
    values: z.object({ reminderDays: text, suspendDays: text }).strict(),
  }),
  z.object({
    section: z.literal("reminders"),
    values: z.object({ dunningHour: text, appointmentHour: text }).strict(),
  }),
]);
export type SaveSettingsInput = z.infer<typeof saveSettingsInput>;

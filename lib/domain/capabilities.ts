/**
 * The one capability map: what each staff role may do. Procedure builders, page guards, the
 * navigation, route handlers, services and the collab/realtime servers all ask this file;
 * none of them spells out a role list. The customer realm is not here: a customer reaches only
 * their own records, which services scope by customer id.
 *
 * Each capability lists its roles in the order refusal messages name them.
 */
import type { StaffRoleName } from "./roles";

export { STAFF_ROLES, type StaffRoleName } from "./roles";

const ROLES_OF_CAPABILITY = {
  /** Open the office area (its layout): everyone who looks customers up. */
  "office.enter": ["admin", "billing", "support", "dispatcher"],
  /** Search customers and open a customer's 360 view: the office and dispatch. */
  "customers.read": ["admin", "billing", "support", "dispatcher"],
  /** Change a customer's contact details. */
  "customers.edit": ["admin", "billing", "support"],
  /** Read the ticket queue. */
  "tickets.read": ["admin", "support", "billing", "dispatcher"],
  /** Work a ticket: reply, write notes, change status, type and importance, assign, link parent and child. */
  "tickets.write": ["admin", "support", "billing", "dispatcher"],
  /** Keep the support desk's canned replies (both languages). */
  "tickets.canned.manage": ["admin"],
  /** Edit the SLA policies (first-response and resolution targets by ticket type and priority). */
  "sla.manage": ["admin"],
  /** Read invoices, payments, subscriptions, balances, aging, reports, invoice PDFs. */
  "billing.read": ["admin", "billing", "support"],
  /** Act on invoices and subscriptions: resend, charge or refund a card, apply a plan change. */
  "billing.write": ["admin", "billing"],
  /** Billing runs: start them, follow them, read their invoices. */
  "billing.runs": ["admin", "billing"],
  /** Record and allocate payments, run dunning. */
  "payments.write": ["admin", "billing"],
  /** Open the dispatch pages and read the plan, the map and live positions through the API. */
  "dispatch.enter": ["admin", "dispatcher", "support"],
  /** Open the live board document (read-only) and the realtime positions feed. */
  "board.read": ["admin", "dispatcher", "technician", "support"],
  /** Plan: edit the live board, create jobs. */
  "board.edit": ["admin", "dispatcher"],
  /** The technician's day: today's jobs, status changes, photos of one's own jobs. */
  "tech.work": ["admin", "technician"],
  /**
   * Read a job's full record in the office (/office/jobs/<id>): status history, checklist,
   * materials, equipment, completion, messages. The same people who read its photos and signature.
   */
  "jobs.read": ["admin", "dispatcher", "support"],
  /** Read any job's photos and signature (a technician reads only their own jobs'). */
  "jobs.files.read": ["admin", "dispatcher", "support"],
  /** Add photos to any job, without being on its roster. */
  "jobs.files.write": ["admin"],
  /** Edit checklist templates: dispatch plans the work, so it decides what a visit must cover. */
  "checklists.edit": ["admin", "dispatcher"],
  /**
   * Read and export the audit log. Admin only: the log spans every area (billing, dispatch,
   * customers' contact details, staff), so a scoped view per role would need a per-entry rule
   * of who may see what; a record's own page already shows its history to those who read it.
   */
  "audit.read": ["admin"],
  /** Read a customer's device live through the ACS (TR-069): WAN, Wi-Fi, clients, firmware, its remote actions. */
  "cpe.remote.read": ["admin", "support", "dispatcher"],
  /** Act on a customer's device through the ACS: reboot, refresh, change its Wi-Fi name and password. */
  "cpe.remote.act": ["admin", "support"],
  /** Push a firmware image to devices through the ACS: a bad image bricks routers, so admin only. */
  "cpe.firmware": ["admin"],
  /** Invite staff, change their roles, deactivate and reactivate them (/office/settings/users). */
  "staff.manage": ["admin"],
  /**
   * Read a device's record, stored diagnostics and health (online, last seen, signal) and the
   * per-model OID table. Billing too: a customer disputing a bill for an outage calls billing,
   * who needs the device's history, though not to probe it.
   */
  "network.read": ["admin", "support", "dispatcher", "billing"],
  /**
   * Probe a device over SNMP on demand. Those who troubleshoot: support on the phone, dispatch
   * before sending a truck. Each probe loads a small CPE, so it is not everyone's button.
   */
  "network.probe": ["admin", "support", "dispatcher"],
  /** Add and edit the per-model optical OID table: a wrong OID breaks every device of the model. */
  "network.configure": ["admin"],
  /** Change the product's settings: provider identity, dunning days, reminder hours (/office/settings). */
  "settings.manage": ["admin"],
} as const satisfies Record<string, readonly StaffRoleName[]>;

export type Capability = keyof typeof ROLES_OF_CAPABILITY;

export const CAPABILITIES = Object.keys(ROLES_OF_CAPABILITY) as Capability[];

/** The roles that hold `capability`, in the order messages name them. */
export function rolesWith(capability: Capability): readonly StaffRoleName[] {
  return ROLES_OF_CAPABILITY[capability];
}

/** Whether a staff member of `role` may do `capability`; no role (nobody signed in) may do nothing. */
export function can(role: StaffRoleName | null | undefined, capability: Capability): boolean {
  return role != null && (ROLES_OF_CAPABILITY[capability] as readonly StaffRoleName[]).includes(role);
}

/** Every capability of one role, in the map's order. */
export function capabilitiesOf(role: StaffRoleName): Capability[] {
  return CAPABILITIES.filter((capability) => can(role, capability));
}

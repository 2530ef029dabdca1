import { z } from "zod";
import type { SignalQuality } from "../domain/network/optical-levels";
import type { DiagnosticOutcome, EquipmentHealth } from "../domain/network/equipment-health";
import type { StoredInterface } from "../domain/network/diagnostics";
import type { InstallCheckStatus } from "../domain/network/install-check";
import { recordId } from "./ids";

/**
 * A diagnostic names the equipment and nothing else: the address comes from the inventory.
 * `strict` refuses any other field (a host, an address, a port, a community), so a caller
 * learns at once that targets are not theirs to choose.
 */
export const equipmentIdInput = z.strictObject({ equipmentId: recordId });

const oid = z
  .string()
  .trim()
  .max(200, { message: "errors.network.oidFormat" })
  .regex(/^[0-9]+(\.[0-9]+)+$/, { message: "errors.network.oidFormat" });

export const modelOidInput = z.strictObject({
  /** Absent: a new row. */
  id: recordId.optional(),
  model: z
    .string()
    .trim()
    .min(2, { message: "errors.network.modelName" })
    .max(100, { message: "errors.network.modelName" }),
  rxPowerOid: oid,
  txPowerOid: oid.nullable(),
  valueDivisor: z.union([z.literal(1), z.literal(10), z.literal(100), z.literal(1000)], {
    message: "errors.network.divisor",
  }),
});
export type ModelOidInput = z.infer<typeof modelOidInput>;

export interface ModelOidRow {
  id: number;
  model: string;
  rxPowerOid: string;
  txPowerOid: string | null;
  valueDivisor: number;
  updatedAt: Date;
}

export interface DiagnosticView {
  id: number;
  at: Date;
  outcome: DiagnosticOutcome;
  /** A key under errors.network with its parameters, when refused or failed. */
  reasonKey: string | null;
  reasonParams: Record<string, string>;
  address: string | null;
  sysDescr: string | null;
  uptimeHundredths: number | null;
  interfaces: StoredInterface[];
  rxDbm: number | null;
  txDbm: number | null;
  signal: SignalQuality | null;
  errorsTotal: number | null;
  durationMs: number | null;
  requestedBy: string | null;
}

export interface EquipmentRecord {
  equipment: {
    id: number;
    kind: string;
    serial: string;
    mac: string | null;
    model: string | null;
    firmware: string | null;
    managementIp: string | null;
    status: string;
    installedAt: Date | null;
  };
  location: { id: number; address: string; city: string } | null;
  customer: { id: number; displayName: string } | null;
  /** The model's optical OIDs, or null when the model has no row (no optical levels are read). */
  modelOids: ModelOidRow | null;
  health: EquipmentHealth;
  /** Newest first. */
  history: DiagnosticView[];
}

export interface PortalEquipmentItem {
  id: number;
  kind: string;
  model: string | null;
  serial: string;
  address: string;
  health: EquipmentHealth;
}

/** The network's check of a device a technician installed, as the job's record and the phone show it. */
export interface InstallCheckView {
  id: number;
  equipmentId: number;
  serial: string;
  equipmentKind: string;
  status: InstallCheckStatus;
  attempts: number;
  /** Why it failed: a key under errors.network with its parameters (the diagnostic's reason). */
  reasonKey: string | null;
  reasonParams: Record<string, string>;
  rxDbm: number | null;
  requestedAt: string;
  checkedAt: string | null;
}

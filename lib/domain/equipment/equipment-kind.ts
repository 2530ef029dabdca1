/**
 * Which kind of device a serial the inventory has never seen is, when the technician did not
 * say. Only a guess that cannot go wrong in practice is made; otherwise the phone asks.
 */

export const EQUIPMENT_KINDS = ["ont", "router", "tv_box", "phone_adapter"] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

/**
 * A GPON ONT serial is its vendor's 4-letter id and 8 hex digits (ALCLB1C2D3E4, HWTC12AB34CD),
 * the form the OLT shows it in; no router, TV box or phone adapter we carry uses it.
 */
export function isGponSerial(serial: string): boolean {
  return /^[A-Z]{4}[0-9A-F]{8}$/.test(serial.toUpperCase());
}

/**
 * The kind for a new device: the technician's choice; else an ONT for a GPON serial; else an
 * ONT on an install job, where the ONT is the device every fiber install puts in first and the
 * one the technician scans. On any other job a new device's kind is not guessed (null).
 */
export function defaultEquipmentKind(jobKind: string, serial: string, chosen?: EquipmentKind): EquipmentKind | null {
  if (chosen) return chosen;
  if (isGponSerial(serial)) return "ont";
  return jobKind === "install" ? "ont" : null;
}

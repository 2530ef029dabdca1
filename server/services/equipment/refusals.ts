/**
 * The refusals of an equipment action. The phone shows the refusal's key (errors.equipment.*) in
 * its own language; `message` is English for logs and tests. Another customer's address is never
 * named: the technician only needs to know the device is not free.
 */
import { createTranslator } from "use-intl/core";
import errorsEn from "../../../messages/errors/en.json";
import errorsFr from "../../../messages/errors/fr.json";
import type { IdentifierProblemMessage } from "../../../lib/domain/equipment/identifier-texts";
import type { TechRefusalCode } from "../../../lib/schemas/tech";
import type { ApplyResult } from "../tech/action-ledger";

type EquipmentStatus = "in_stock" | "installed" | "removed" | "defective" | "returned";

export function refusal(
  code: TechRefusalCode,
  message: string,
  key: string,
  params: Record<string, string | number>,
): ApplyResult {
  return { accepted: false, code, message, key, params };
}

type Say = (key: string, params: Record<string, string | number>) => string;
const sayEn = createTranslator({ locale: "en", messages: errorsEn }) as unknown as Say;
const sayFr = createTranslator({ locale: "fr", messages: errorsFr }) as unknown as Say;

/**
 * A serial or MAC the shared rules refused (lib/domain/equipment). Its message carries both
 * languages, "English / Français", from the catalogs: a phone still running a version that
 * does not know the key shows its own half of it.
 */
export function identifierRefusal(code: TechRefusalCode, problem: IdentifierProblemMessage): ApplyResult {
  const message = `${sayEn(problem.key, problem.params)} / ${sayFr(problem.key, problem.params)}`;
  return refusal(code, message, problem.key, problem.params);
}

export const equipmentRefusals = {
  macMismatch: (serial: string, mac: string, known: string) =>
    refusal(
      "invalid_mac",
      `MAC ${mac} does not match serial ${serial}, whose MAC is ${known}; check the label`,
      "errors.equipment.macMismatch",
      { serial, mac, known },
    ),
  macTaken: (mac: string, otherSerial: string) =>
    refusal(
      "duplicate_serial",
      `MAC ${mac} already belongs to serial ${otherSerial}; check the label`,
      "errors.equipment.macTaken",
      { mac, other: otherSerial },
    ),
  installedElsewhere: (serial: string) =>
    refusal(
      "duplicate_serial",
      `Serial ${serial} is already installed at another address; it must be removed there first, or check the label`,
      "errors.equipment.installedElsewhere",
      { serial },
    ),
  registeredMeanwhile: (serial: string) =>
    refusal(
      "duplicate_serial",
      `Serial ${serial} was registered by another action at the same moment; check the job's equipment and try again`,
      "errors.equipment.registeredMeanwhile",
      { serial },
    ),
  defective: (serial: string) =>
    refusal(
      "bad_transition",
      `Serial ${serial} is marked defective and cannot be installed; take another device`,
      "errors.equipment.defective",
      { serial },
    ),
  kindNeeded: (serial: string) =>
    refusal(
      "equipment_not_found",
      `Serial ${serial} is not in the inventory; choose its kind (ONT, router, TV box, phone adapter) to add it`,
      "errors.equipment.kindNeeded",
      { serial },
    ),
  unknownSerial: (serial: string) =>
    refusal(
      "equipment_not_found",
      `No equipment has serial ${serial}; check the label`,
      "errors.equipment.unknownSerial",
      { serial },
    ),
  notHere: (serial: string) =>
    refusal(
      "equipment_not_found",
      `Serial ${serial} is installed at another address, not here; check the label`,
      "errors.equipment.notHere",
      { serial },
    ),
  notInstalled: (serial: string, status: EquipmentStatus) => {
    const state: Record<EquipmentStatus, string> = {
      in_stock: "it is in stock",
      installed: "it has no address on record",
      removed: "it was already removed",
      defective: "it is marked defective",
      returned: "it was returned",
    };
    return refusal(
      "equipment_not_found",
      `Serial ${serial} is not installed here: ${state[status]}`,
      "errors.equipment.notInstalled",
      { serial, status },
    );
  },
};

/**
 * The sentences an equipment action is refused with. The phone contract carries one message
 * string beside the code, in both languages, English first, for logs and older phones; the phone
 * reads the refusal's key (errors.equipment.*) in its own language. Another customer's address is never named: the technician only needs to know the
 * device is not free.
 */
import type { BilingualText } from "../../../lib/domain/equipment/identifier-texts";
import type { TechRefusalCode } from "../../../lib/schemas/tech";
import type { ApplyResult } from "../tech/action-ledger";

type EquipmentStatus = "in_stock" | "installed" | "removed" | "defective" | "returned";

/**
 * `key` and `params` are what the phone shows, translated (messages/errors/*.json). A text made in
 * both languages here (an identifier problem, lib/domain/equipment) travels as the parameters of
 * `errors.equipment.identifier`, whose French sentence is {fr} and English one {en}.
 */
export function refusal(
  code: TechRefusalCode,
  text: BilingualText,
  key = "errors.equipment.identifier",
  params: Record<string, string> = { fr: text.fr, en: text.en },
): ApplyResult {
  return { accepted: false, code, message: `${text.en} / ${text.fr}`, key, params };
}

export const equipmentRefusals = {
  macMismatch: (serial: string, mac: string, known: string) =>
    refusal(
      "invalid_mac",
      {
        en: `MAC ${mac} does not match serial ${serial}, whose MAC is ${known}; check the label`,
        fr: `La MAC ${mac} ne correspond pas au numéro de série ${serial}, dont la MAC est ${known} ; vérifiez l'étiquette`,
      },
      "errors.equipment.macMismatch",
      { serial, mac, known },
    ),
  macTaken: (mac: string, otherSerial: string) =>
    refusal(
      "duplicate_serial",
      {
        en: `MAC ${mac} already belongs to serial ${otherSerial}; check the label`,
        fr: `La MAC ${mac} appartient déjà au numéro de série ${otherSerial} ; vérifiez l'étiquette`,
      },
      "errors.equipment.macTaken",
      { mac, other: otherSerial },
    ),
  installedElsewhere: (serial: string) =>
    refusal(
      "duplicate_serial",
      {
        en: `Serial ${serial} is already installed at another address; it must be removed there first, or check the label`,
        fr: `Le numéro de série ${serial} est déjà installé à une autre adresse ; il doit d'abord y être retiré, sinon vérifiez l'étiquette`,
      },
      "errors.equipment.installedElsewhere",
      { serial },
    ),
  registeredMeanwhile: (serial: string) =>
    refusal(
      "duplicate_serial",
      {
        en: `Serial ${serial} was registered by another action at the same moment; check the job's equipment and try again`,
        fr: `Le numéro de série ${serial} a été enregistré par une autre action au même moment ; vérifiez l'équipement du travail et réessayez`,
      },
      "errors.equipment.registeredMeanwhile",
      { serial },
    ),
  defective: (serial: string) =>
    refusal(
      "bad_transition",
      {
        en: `Serial ${serial} is marked defective and cannot be installed; take another device`,
        fr: `Le numéro de série ${serial} est marqué défectueux et ne peut pas être installé ; prenez un autre appareil`,
      },
      "errors.equipment.defective",
      { serial },
    ),
  kindNeeded: (serial: string) =>
    refusal(
      "equipment_not_found",
      {
        en: `Serial ${serial} is not in the inventory; choose its kind (ONT, router, TV box, phone adapter) to add it`,
        fr: `Le numéro de série ${serial} n'est pas dans l'inventaire ; choisissez son type (ONT, routeur, terminal télé, adaptateur téléphonique) pour l'ajouter`,
      },
      "errors.equipment.kindNeeded",
      { serial },
    ),
  unknownSerial: (serial: string) =>
    refusal(
      "equipment_not_found",
      {
        en: `No equipment has serial ${serial}; check the label`,
        fr: `Aucun équipement n'a le numéro de série ${serial} ; vérifiez l'étiquette`,
      },
      "errors.equipment.unknownSerial",
      { serial },
    ),
  notHere: (serial: string) =>
    refusal(
      "equipment_not_found",
      {
        en: `Serial ${serial} is installed at another address, not here; check the label`,
        fr: `Le numéro de série ${serial} est installé à une autre adresse, pas ici ; vérifiez l'étiquette`,
      },
      "errors.equipment.notHere",
      { serial },
    ),
  notInstalled: (serial: string, status: EquipmentStatus) => {
    const state: Record<EquipmentStatus, BilingualText> = {
      in_stock: { en: "it is in stock", fr: "il est en stock" },
      installed: { en: "it has no address on record", fr: "aucune adresse n'est inscrite pour lui" },
      removed: { en: "it was already removed", fr: "il a déjà été retiré" },
      defective: { en: "it is marked defective", fr: "il est marqué défectueux" },
      returned: { en: "it was returned", fr: "il a été retourné" },
    };
    return refusal(
      "equipment_not_found",
      {
        en: `Serial ${serial} is not installed here: ${state[status].en}`,
        fr: `Le numéro de série ${serial} n'est pas installé ici : ${state[status].fr}`,
      },
      "errors.equipment.notInstalled",
      { serial, status },
    );
  },
};

/**
 * The checklists a job kind starts with until the office saves its own (checklist_templates has
 * no row for it). Kept in code rather than seeded so a fresh database, a test database and the
 * demo all get them without a seed step, and so a kind added to the enum shows up here first.
 */
import type { jobKind } from "../../db/schema";
import type { TemplateItem } from "../../../lib/domain/checklists/template";

export type JobKind = (typeof jobKind.enumValues)[number];

const step = (key: string, labelFr: string, labelEn: string, required = true): TemplateItem => ({
  key,
  labelFr,
  labelEn,
  required,
});

const optical = (where: { fr: string; en: string }) =>
  step(
    "optical-level",
    `Vérifier le niveau optique ${where.fr} (−8 à −25 dBm)`,
    `Check the optical level ${where.en} (−8 to −25 dBm)`,
  );
const signature = step("customer-signature", "Faire signer le client", "Get the customer's signature");

export const DEFAULT_TEMPLATES: Record<JobKind, readonly TemplateItem[]> = {
  install: [
    optical({ fr: "à l'ONT", en: "at the ONT" }),
    step(
      "drop-cable",
      "Installer le câble de branchement et la prise optique",
      "Install the drop cable and the optical outlet",
    ),
    step("activate-ont", "Installer et activer l'ONT", "Install and activate the ONT"),
    step(
      "router-setup",
      "Configurer le routeur Wi-Fi avec le nom de réseau du client",
      "Set up the Wi-Fi router with the customer's network name",
    ),
    step(
      "wired-speed-test",
      "Test de débit filaire (au moins 90 % du forfait)",
      "Wired speed test (at least 90% of the plan)",
    ),
    step("wifi-each-room", "Tester le Wi-Fi dans chaque pièce principale", "Test the Wi-Fi in each main room", false),
    step(
      "photo-install",
      "Photographier l'ONT et le point d'entrée du câble",
      "Photograph the ONT and the cable entry point",
      false,
    ),
    step(
      "explain-service",
      "Expliquer le service au client (Wi-Fi, facture, soutien)",
      "Explain the service to the customer (Wi-Fi, bill, support)",
    ),
    signature,
  ],
  repair: [
    step("hear-problem", "Faire décrire le problème par le client", "Have the customer describe the problem"),
    step("check-lights", "Vérifier les voyants de l'ONT et du routeur", "Check the ONT and router lights"),
    optical({ fr: "à l'ONT", en: "at the ONT" }),
    step(
      "clean-connectors",
      "Nettoyer ou remplacer les connecteurs au besoin",
      "Clean or replace the connectors if needed",
      false,
    ),
    step(
      "replace-equipment",
      "Remplacer l'équipement défectueux et noter son numéro de série",
      "Replace faulty equipment and record its serial number",
      false,
    ),
    step("speed-test", "Test de débit après la réparation", "Speed test after the repair"),
    step("explain-fix", "Expliquer la cause et la solution au client", "Explain the cause and the fix to the customer"),
    step("customer-signature", "Faire signer le client", "Get the customer's signature", false),
  ],
  removal: [
    step(
      "confirm-identity",
      "Confirmer l'adresse et l'identité du client",
      "Confirm the address and the customer's identity",
    ),
    step("collect-ont", "Récupérer l'ONT et noter son numéro de série", "Collect the ONT and record its serial number"),
    step("collect-router", "Récupérer le routeur et les terminaux télé", "Collect the router and the TV boxes"),
    step(
      "collect-accessories",
      "Vérifier que les blocs d'alimentation et câbles sont récupérés",
      "Check the power supplies and cables are collected",
      false,
    ),
    step(
      "remove-drop",
      "Retirer le câble de branchement si le client le demande",
      "Remove the drop cable if the customer asks",
      false,
    ),
    signature,
  ],
  move: [
    step(
      "confirm-address",
      "Confirmer la nouvelle adresse avec le client",
      "Confirm the new address with the customer",
    ),
    optical({ fr: "à la nouvelle adresse", en: "at the new address" }),
    step(
      "drop-cable",
      "Installer le câble de branchement à la nouvelle adresse",
      "Install the drop cable at the new address",
    ),
    step("reactivate-ont", "Brancher et réactiver l'ONT", "Connect and reactivate the ONT"),
    step("router-setup", "Reconfigurer le routeur Wi-Fi", "Set up the Wi-Fi router again", false),
    step("speed-test", "Test de débit", "Speed test"),
    signature,
  ],
  maintenance: [
    step("inspect-box", "Inspecter le boîtier de distribution", "Inspect the distribution box"),
    step("photo-before", "Photographier le boîtier avant l'intervention", "Photograph the box before the work", false),
    step("clean-connectors", "Nettoyer les connecteurs", "Clean the connectors"),
    step("otdr", "Mesurer le segment à l'OTDR", "Measure the segment with the OTDR"),
    step("photo-after", "Photographier le boîtier après l'intervention", "Photograph the box after the work", false),
    step("record-measurements", "Noter les mesures au dossier", "Record the measurements in the file"),
  ],
  survey: [
    step("cable-route", "Repérer le trajet du câble (poteau ou conduit)", "Locate the cable route (pole or conduit)"),
    step("photo-entry", "Photographier le point d'entrée", "Photograph the entry point"),
    step("drop-length", "Estimer la longueur du branchement", "Estimate the drop length"),
    step(
      "obstacles",
      "Noter les obstacles (arbres, clôture, entrée de garage)",
      "Note the obstacles (trees, fence, driveway)",
      false,
    ),
    step("ont-location", "Choisir avec le client l'emplacement de l'ONT", "Choose the ONT location with the customer"),
  ],
};

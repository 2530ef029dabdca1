import type {
  dispatchJobChecklistItems,
  dispatchJobHelpers,
  dispatchJobMaterials,
  dispatchJobs,
  dispatchJobTags,
} from "../../db/schema";
import { Rng } from "../random";
import { itemBySku } from "./catalog";
import type { RowOf, SeedContext } from "./context";
import { jobsOf, type JobKind } from "./jobs";
import { iso, MINUTE } from "./time";

const CHECKLISTS: Record<JobKind, readonly string[]> = {
  install: [
    "Mesurer la puissance optique au boîtier",
    "Installer le câble de branchement",
    "Installer et activer l'ONT",
    "Configurer le routeur Wi-Fi",
    "Test de vitesse avec le client",
    "Faire signer le client",
  ],
  repair: [
    "Diagnostiquer la panne avec le client",
    "Mesurer la puissance optique",
    "Remplacer l'équipement défectueux au besoin",
    "Test de vitesse",
    "Expliquer la solution au client",
  ],
  removal: ["Récupérer l'ONT", "Récupérer le routeur et les terminaux", "Retirer le câble de branchement si demandé"],
  move: [
    "Débrancher à l'ancienne adresse",
    "Installer le câble à la nouvelle adresse",
    "Réactiver l'ONT",
    "Test de vitesse",
    "Faire signer le client",
  ],
  maintenance: [
    "Inspecter le boîtier de distribution",
    "Nettoyer les connecteurs",
    "Mesure OTDR du segment",
    "Noter les mesures au dossier",
  ],
  survey: ["Repérer le trajet du câble", "Photographier le point d'entrée", "Estimer la longueur de branchement"],
};

export function* dispatchJobRows(ctx: SeedContext): Generator<RowOf<typeof dispatchJobs>> {
  for (const j of jobsOf(ctx)) {
    const internet = j.loc.subs.find((s) => s.item.kind === "internet");
    const updatedMs = Math.max(j.createdMs, j.completedMs ?? j.createdMs);
    yield {
      id: j.id,
      ticketId: j.ticketId,
      subscriptionId: internet?.id ?? null,
      customerId: j.loc.customer.id,
      locationId: j.loc.id,
      kind: j.kind,
      status: j.status,
      priority: j.priority,
      title: j.title,
      notes: j.notes,
      windowStart: iso(j.windowStart),
      windowEnd: iso(j.windowEnd),
      durationMin: j.durationMin,
      scheduledStart: j.scheduledStart === null ? null : iso(j.scheduledStart),
      leadTechnicianId: j.lead?.id ?? null,
      signatureName: j.signatureName,
      signatureKey: null,
      signedAt: j.signatureName && j.completedMs !== null ? iso(j.completedMs - 2 * MINUTE) : null,
      completedAt: j.completedMs === null ? null : iso(j.completedMs),
      updatedBy: j.updatedBy,
      createdAt: iso(j.createdMs),
      updatedAt: iso(updatedMs),
    };
  }
}

export function* dispatchJobTagRows(ctx: SeedContext): Generator<RowOf<typeof dispatchJobTags>> {
  for (const j of jobsOf(ctx)) for (const [tagId, level] of j.tags) yield { jobId: j.id, tagId, level };
}

export function* dispatchJobHelperRows(ctx: SeedContext): Generator<RowOf<typeof dispatchJobHelpers>> {
  for (const j of jobsOf(ctx)) for (const h of j.helpers) yield { jobId: j.id, technicianId: h.id };
}

export function* dispatchChecklistRows(ctx: SeedContext): Generator<RowOf<typeof dispatchJobChecklistItems>> {
  let id = 0;
  for (const j of jobsOf(ctx)) {
    const labels = CHECKLISTS[j.kind];
    // On site: the first half is ticked; done: all of it, in order, during the visit.
    const ticked = j.status === "done" ? labels.length : j.status === "on_site" ? Math.floor(labels.length / 2) : 0;
    const start = j.scheduledStart ?? 0;
    const step = (j.durationMin * MINUTE) / (labels.length + 1);
    for (let p = 0; p < labels.length; p++) {
      const done = p < ticked;
      yield {
        id: ++id,
        jobId: j.id,
        position: p + 1,
        label: labels[p] as string,
        done,
        doneAt: done ? iso(start + (p + 1) * step) : null,
        doneBy: done ? (j.lead?.userId ?? null) : null,
      };
    }
  }
}

export function* dispatchMaterialRows(ctx: SeedContext): Generator<RowOf<typeof dispatchJobMaterials>> {
  const rng = Rng.for(ctx.scale, "dispatch-materials");
  const drop = itemBySku("MAT-DROP-30").id;
  const connector = itemBySku("MAT-CONN-SC").id;
  let id = 0;
  for (const j of jobsOf(ctx)) {
    if (j.status !== "done") continue;
    if (j.kind === "install" || (j.kind === "move" && rng.chance(0.5))) {
      yield { id: ++id, jobId: j.id, itemId: drop, quantity: 1, notes: null };
      yield { id: ++id, jobId: j.id, itemId: connector, quantity: 2, notes: null };
    } else if (j.kind === "repair" && rng.chance(0.3)) {
      yield {
        id: ++id,
        jobId: j.id,
        itemId: connector,
        quantity: 1,
        notes: rng.chance(0.5) ? "Connecteur sale remplacé au boîtier." : null,
      };
    }
  }
}

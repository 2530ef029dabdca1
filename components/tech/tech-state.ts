/**
 * The phone's optimistic view of the day: the last copy the server sent, with every change the
 * technician made since applied on top (queued ones, and accepted ones the server copy does not
 * show yet). Pure, so the same rules hold online, offline and after a reload from IndexedDB.
 */
import type { TechAction, TechActOutcome, TechDay, TechJob, TechRefusalText } from "@/lib/schemas/tech";

/** One change made on the phone, as the day sees it (a photo travels apart from the actions). */
export type TechChange =
  | { type: "action"; clientKey: string; jobId: number; createdAt: string; action: TechAction; materialName?: string }
  | {
      type: "photo";
      clientKey: string;
      jobId: number;
      createdAt: string;
      caption: string | null;
      previewUrl: string | null;
    };

export type JobStatus = TechJob["status"];

/** The one step a technician can take from a status: en route → on site → done. */
export function nextStatus(status: JobStatus): "en_route" | "on_site" | "done" | null {
  if (status === "assigned") return "en_route";
  if (status === "en_route") return "on_site";
  if (status === "on_site") return "done";
  return null;
}

export function isOpen(job: Pick<TechJob, "status">): boolean {
  return job.status !== "done" && job.status !== "cancelled";
}

/** Local ids for things the server has not numbered yet: negative, stable per client key. */
function localId(clientKey: string): number {
  let hash = 0;
  for (const char of clientKey) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return -Math.abs(hash || 1);
}

function applyAction(
  job: TechJob,
  change: Extract<TechChange, { type: "action" }>,
  catalog: TechDay["materials"],
): TechJob {
  const { action } = change;
  switch (action.kind) {
    case "status":
      // A status the job has already passed (a replay over a fresher server copy) changes nothing.
      if (!isOpen(job) || statusRank(job.status) >= statusRank(action.status)) return job;
      return {
        ...job,
        status: action.status,
        completedAt: action.status === "done" ? (job.completedAt ?? change.createdAt) : job.completedAt,
      };
    case "checklist":
      return {
        ...job,
        checklist: job.checklist.map((item) => (item.id === action.itemId ? { ...item, done: action.done } : item)),
      };
    case "material": {
      // The server adds a line per recorded use; the same change applied twice is still one line.
      const id = localId(change.clientKey);
      if (job.materials.some((line) => line.id === id)) return job;
      const name =
        catalog.find((item) => item.id === action.itemId)?.name ?? change.materialName ?? `#${action.itemId}`;
      return { ...job, materials: [...job.materials, { id, itemId: action.itemId, name, quantity: action.quantity }] };
    }
    case "equipment": {
      const serial = action.serial.trim();
      const others = job.equipment.filter((item) => item.serial.toUpperCase() !== serial.toUpperCase());
      if (action.operation === "remove") {
        return {
          ...job,
          equipment: job.equipment.map((item) =>
            item.serial.toUpperCase() === serial.toUpperCase() ? { ...item, status: "removed" } : item,
          ),
        };
      }
      const installed = {
        id: localId(change.clientKey),
        kind: action.equipmentKind ?? "ont",
        serial,
        mac: action.mac ? normalizeMacLoose(action.mac) : null,
        model: null,
        status: "installed",
      };
      return { ...job, equipment: [...others, installed] };
    }
    case "signature":
      return { ...job, signature: { name: action.signerName, signedAt: change.createdAt, url: action.image } };
  }
}

const STATUS_RANK: Record<JobStatus, number> = {
  unassigned: 0,
  assigned: 1,
  en_route: 2,
  on_site: 3,
  done: 4,
  cancelled: 5,
};
function statusRank(status: JobStatus): number {
  return STATUS_RANK[status];
}

/** AA:BB:CC:DD:EE:FF for any common notation, or the text as typed when it is not a MAC. */
function normalizeMacLoose(mac: string): string {
  const hex = mac.replace(/[^0-9a-f]/gi, "");
  return hex.length === 12 ? hex.toUpperCase().match(/../g)!.join(":") : mac.trim();
}

/** The day as the technician should see it: the server's copy with their changes applied in order. */
export function projectDay(day: TechDay, changes: readonly TechChange[]): TechDay {
  if (changes.length === 0) return day;
  const byJob = new Map<number, TechChange[]>();
  for (const change of changes) byJob.set(change.jobId, [...(byJob.get(change.jobId) ?? []), change]);
  return {
    ...day,
    jobs: day.jobs.map((job) => {
      const own = byJob.get(job.id);
      if (!own) return job;
      return own.reduce<TechJob>((current, change) => {
        if (change.type === "photo") {
          if (current.photos.some((photo) => photo.id === localId(change.clientKey))) return current;
          return {
            ...current,
            photos: [
              ...current.photos,
              { id: localId(change.clientKey), url: change.previewUrl ?? "", caption: change.caption },
            ],
          };
        }
        return applyAction(current, change, day.materials);
      }, job);
    }),
  };
}

/** Changes still waiting for the server, per job id. */
export function pendingByJob(changes: readonly Pick<TechChange, "jobId">[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const change of changes) counts.set(change.jobId, (counts.get(change.jobId) ?? 0) + 1);
  return counts;
}

/** The job to go to next: the first of the route that is not finished. */
export function nextJobId(day: TechDay): number | null {
  return day.jobs.find(isOpen)?.id ?? null;
}

/** What was recorded on a job, for the completion summary. */
export interface JobRecap {
  checklistDone: number;
  checklistTotal: number;
  materials: Array<{ name: string; quantity: number }>;
  equipment: Array<{ serial: string; status: string }>;
  photos: number;
  signedBy: string | null;
}

export function jobRecap(job: TechJob): JobRecap {
  return {
    checklistDone: job.checklist.filter((item) => item.done).length,
    checklistTotal: job.checklist.length,
    materials: job.materials.map((line) => ({ name: line.name, quantity: line.quantity })),
    equipment: job.equipment.map((item) => ({ serial: item.serial, status: item.status })),
    photos: job.photos.length,
    signedBy: job.signature?.name ?? null,
  };
}

/** How a replay attempt ended, which decides what happens to the queued entry. */
export type SendResult =
  | { kind: "stored" }
  | ({ kind: "refused"; code: string; message: string } & TechRefusalText)
  | { kind: "retry"; error: string };

export function resultOfOutcome(outcome: TechActOutcome): SendResult {
  if (outcome.accepted) return { kind: "stored" };
  return {
    kind: "refused",
    code: outcome.code,
    message: outcome.message,
    ...(outcome.key ? { key: outcome.key, params: outcome.params ?? {} } : {}),
  };
}

/**
 * A transport failure: no answer (offline), a server error, an expired session or throttling
 * are worth retrying; any other 4xx is a refusal that will not change on replay.
 */
export function resultOfFailure(status: number | null, message: string, text: TechRefusalText = {}): SendResult {
  if (status === null || status >= 500 || status === 401 || status === 408 || status === 429)
    return { kind: "retry", error: message };
  return { kind: "refused", code: "rejected", message, ...text };
}

/** Wait before the next attempt: 2 s, 4 s, 8 s … capped at 2 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 120_000);
}

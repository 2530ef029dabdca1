/**
 * A dispatch job made from a ticket: what the form starts with, and the system notes the job's
 * status changes leave in the ticket's thread. The note bodies are language-neutral markers
 * (`[job:12:done] summary`), rendered through message keys where they are read, because a
 * thread is read by agents in either language.
 */
import type { TicketType } from "../tickets";
import { localDayOf, localToUtc, weekdayOf } from "../sla/toronto-time";

export const JOB_KIND_FOR_TICKET = {
  installation: "install",
  repair: "repair",
  move: "move",
  cancellation: "removal",
  support: "repair",
  billing: "survey",
  other: "maintenance",
} as const satisfies Record<TicketType, string>;

/** Skill codes (dispatch tags) each kind usually needs: a starting point the agent may edit. */
const SKILLS_FOR_KIND: Record<(typeof JOB_KIND_FOR_TICKET)[TicketType], string[]> = {
  install: ["ont_install"],
  repair: ["fiber_splicing"],
  move: ["ont_install"],
  removal: [],
  maintenance: [],
  survey: [],
};

export const DRAFT_WINDOW_START_MIN = 8 * 60;
export const DRAFT_WINDOW_END_MIN = 12 * 60;

export interface TicketJobDraft {
  kind: (typeof JOB_KIND_FOR_TICKET)[TicketType];
  title: string;
  skills: string[];
  windowStart: string;
  windowEnd: string;
  durationMin: number;
}

/** The morning (08:00–12:00, Toronto) of the next weekday after `now`, kind and skills from the ticket's type. */
export function jobDraftFromTicket(
  ticket: { id: number; type: TicketType; subject: string },
  now: Date,
): TicketJobDraft {
  let day = localDayOf(now.getTime()) + 1;
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day += 1;
  const kind = JOB_KIND_FOR_TICKET[ticket.type];
  return {
    kind,
    title: `#${ticket.id} ${ticket.subject}`.slice(0, 200),
    skills: [...SKILLS_FOR_KIND[kind]],
    windowStart: new Date(localToUtc(day, DRAFT_WINDOW_START_MIN)).toISOString(),
    windowEnd: new Date(localToUtc(day, DRAFT_WINDOW_END_MIN)).toISOString(),
    durationMin: kind === "install" ? 120 : 60,
  };
}

export const JOB_NOTE_EVENTS = [
  "created",
  "unassigned",
  "assigned",
  "en_route",
  "on_site",
  "done",
  "cancelled",
] as const;
export type JobNoteEvent = (typeof JOB_NOTE_EVENTS)[number];

export function jobNotePrefix(jobId: number, event: JobNoteEvent): string {
  return `[job:${jobId}:${event}]`;
}

export function jobNoteBody(jobId: number, event: JobNoteEvent, summary?: string | null): string {
  const text = summary?.trim();
  return text ? `${jobNotePrefix(jobId, event)} ${text}` : jobNotePrefix(jobId, event);
}

const NOTE = /^\[job:(\d{1,15}):([a-z_]+)\](?: ([\s\S]*))?$/;

/** A system note's body read back; null for anything else (it is then shown as written). */
export function parseJobNote(body: string): { jobId: number; event: JobNoteEvent; summary: string | null } | null {
  const m = NOTE.exec(body);
  if (!m) return null;
  const event = m[2] as JobNoteEvent;
  if (!JOB_NOTE_EVENTS.includes(event)) return null;
  return { jobId: Number(m[1]), event, summary: m[3]?.trim() || null };
}

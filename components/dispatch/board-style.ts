import type { JobStatus } from "@/lib/domain/board/types";

/** Block colours by status; light fills keep the dark text readable and outlines visible. */
export const STATUS_BLOCK: Record<JobStatus, string> = {
  unassigned: "bg-amber-100 border-amber-400 text-amber-950",
  assigned: "bg-sky-100 border-sky-500 text-sky-950",
  en_route: "bg-blue-200 border-blue-600 text-blue-950",
  on_site: "bg-violet-200 border-violet-600 text-violet-950",
  done: "bg-emerald-100 border-emerald-600 text-emerald-950",
  cancelled: "bg-slate-100 border-slate-400 text-slate-500 line-through",
};

export const FOCUS_RING = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700";
export const BUTTON = `rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40 ${FOCUS_RING}`;

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[parts.length - 1]![0]}` : (parts[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

/** Black or white text, whichever reads better on a user's colour (hex #rrggbb; others get white). */
export function textOn(color: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return "#fff";
  const [r, g, b] = [match[1], match[2], match[3]].map((h) => parseInt(h!, 16));
  return 0.299 * r! + 0.587 * g! + 0.114 * b! > 160 ? "#111" : "#fff";
}

/** Checklist templates as the office editor reads them (server/services/checklists/templates). */
import type { TemplateItem } from "../domain/checklists/template";
import type { JOB_KINDS } from "./dispatch";

export type JobKind = (typeof JOB_KINDS)[number];

export interface ChecklistTemplateView {
  jobKind: JobKind;
  items: TemplateItem[];
  /** "stored": saved in the office; "default": the built-in list, used until someone saves one. */
  source: "stored" | "default";
  /** ISO time of the last save (null for a default); the editor sends it back to detect a concurrent save. */
  updatedAt: string | null;
  updatedByName: string | null;
}

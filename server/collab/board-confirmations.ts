/**
 * The board's `confirmation` of each job (the customer's answer to the visit) is the tables'
 * (visit_responses): the server writes it, only where the document says otherwise, so an idle
 * board gets no op. Run inside a logged server edit (board-extension.ts).
 */
import * as Y from "yjs";
import { getMaps } from "../../lib/domain/board/doc";
import { jobIdOfKey } from "../../lib/domain/board/job-keys";
import type { VisitConfirmation } from "../../lib/domain/board/types";

/** Writes these jobs' confirmations where the document says otherwise; true when it wrote any. */
export function writeConfirmations(doc: Y.Doc, answers: Map<string, VisitConfirmation | null>): boolean {
  const jobs = getMaps(doc).jobs;
  let wrote = false;
  for (const [key, answer] of answers) {
    const job = jobs.get(key);
    if (job instanceof Y.Map && !(job.has("confirmation") && job.get("confirmation") === answer)) {
      job.set("confirmation", answer);
      wrote = true;
    }
  }
  return wrote;
}

/** Every job of the day as the tables answer for it: the answer given, or none. */
export function syncConfirmations(doc: Y.Doc, answers: Map<string, VisitConfirmation>): boolean {
  const all = new Map<string, VisitConfirmation | null>();
  for (const key of getMaps(doc).jobs.keys()) if (jobIdOfKey(key) !== null) all.set(key, answers.get(key) ?? null);
  return writeConfirmations(doc, all);
}

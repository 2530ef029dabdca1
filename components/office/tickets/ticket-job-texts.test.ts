import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import { JOB_KINDS } from "@/lib/schemas/dispatch";
import { JOB_NOTE_EVENTS } from "@/lib/domain/ticket-desk/ticket-job";

/** Every job kind and every note a job leaves in a thread reads in both languages. */
describe.each(["fr", "en"] as const)("the ticket's dispatch job texts in %s", (locale) => {
  const t = createTranslator({ locale, messages: messagesFor(locale) });
  const has = (key: string) => t.has(key as Parameters<typeof t.has>[0]);

  it.each(JOB_NOTE_EVENTS)("has the %s note", (event) => {
    expect(has(`ticketDesk.job.note.${event}`)).toBe(true);
  });
  it.each(JOB_KINDS)("names the %s kind", (kind) => {
    expect(has(`ticketDesk.job.kinds.${kind}`)).toBe(true);
  });
  it("fills the created note with the job and its title", () => {
    const text = (t as unknown as (k: string, p: Record<string, unknown>) => string)("ticketDesk.job.note.created", {
      job: 12,
      title: "Fibre",
    });
    expect(text).toContain("12");
    expect(text).toContain("Fibre");
  });
});

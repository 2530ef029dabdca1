"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";
import type { FleetActionState } from "@/lib/schemas/cpe-remote";

const text = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

export async function startFleetAction(_previous: FleetActionState, form: FormData): Promise<FleetActionState> {
  const result = await actionResult("fleet push start", async () =>
    callerFor(await pageContext()).acsFleet.start({
      selection: { model: text(form, "model"), firmware: text(form, "firmware"), oltName: text(form, "oltName") },
      fileName: text(form, "fileName") ?? "",
      concurrency: Number(form.get("concurrency")),
    }),
  );
  if (!result.ok) return { ok: false, error: result.error.message };
  revalidatePath("/office/fleet");
  redirect(`/office/fleet/${result.value.runId}`);
}

export async function pauseResumeAction(_previous: FleetActionState, form: FormData): Promise<FleetActionState> {
  const runId = Number(form.get("runId"));
  const resume = form.get("do") === "resume";
  const result = await actionResult("fleet push pause/resume", async () => {
    const caller = callerFor(await pageContext());
    return resume ? caller.acsFleet.resume({ runId }) : caller.acsFleet.pause({ runId });
  });
  if (!result.ok) return { ok: false, error: result.error.message };
  revalidatePath(`/office/fleet/${runId}`);
  return null;
}

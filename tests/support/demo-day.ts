import { assignJob } from "@/lib/domain/board/operations";
import { readBoard } from "@/lib/domain/board/doc";
import { boardDocumentName } from "@/lib/domain/board/types";
import { localDate, localMidnight } from "@/lib/domain/quebec-dates";
import { acknowledged, connectBoard, eventually } from "./collab-client";

/**
 * The demo seed plans no work on weekends, but the technician's tests need open jobs today,
 * whatever day they run. This gives a technician `count` open jobs today the way an office
 * would, through the running product: a dispatcher creates them (tRPC) and places them on the
 * technician's row of today's live board (Yjs). It changes nothing when the day already has them.
 * Answers the technician's id on the board.
 */
export async function ensureOpenJobsToday(
  baseUrl: string,
  technicianName: string,
  count: number,
): Promise<{ techId: string }> {
  const cookie = await staffCookie(baseUrl, "dispatcher@demo.test");
  const session = (await (await fetch(`${baseUrl}/api/collab/token`, { headers: { cookie } })).json()) as {
    token: string;
    user: { id: string };
  };
  const date = localDate(new Date());
  const board = await connectBoard({
    url: `${baseUrl.replace(/^http/, "ws")}/collab`,
    name: boardDocumentName(date),
    token: session.token,
  });
  try {
    const snapshot = () => readBoard(board.doc);
    const tech = Object.values(snapshot().techs).find((t) => t.name === technicianName);
    if (!tech) throw new Error(`${technicianName} is not on the board of ${date}`);
    const open = () =>
      Object.values(snapshot().jobs).filter(
        (j) => j.techId === tech.id && ["assigned", "en_route", "on_site"].includes(j.status),
      ).length;
    const missing = count - open();
    if (missing <= 0) return { techId: tech.id };

    const locations = await trpcQuery<{ ids: number[] }>(baseUrl, cookie, "dispatch.mapLocations");
    const midnight = localMidnight(date).getTime();
    const hour = 3_600_000;
    for (let i = 0; i < missing; i++) {
      const created = await trpcMutation<{ id: number }>(baseUrl, cookie, "dispatch.createJob", {
        locationId: locations.ids[i]!,
        kind: "repair",
        title: `Réparation — visite de test ${i + 1}`,
        durationMin: 60,
        windowStart: new Date(midnight + 8 * hour).toISOString(),
        windowEnd: new Date(midnight + 18 * hour).toISOString(),
      });
      const jobId = String(created.id);
      // A job created elsewhere appears on the open board; then it goes on the technician's row.
      await eventually(
        () => snapshot().jobs[jobId],
        (job) => job !== undefined,
        10_000,
      );
      const result = assignJob(
        board.doc,
        jobId,
        tech.id,
        new Date(midnight + (8 + (i % 10)) * hour).toISOString(),
        session.user.id,
      );
      if (!result.ok) throw new Error(`could not place job ${jobId}: ${result.reason}`);
    }
    await acknowledged(board);
    // The board writes its jobs to the tables a moment after each edit; the phone reads those.
    type Day = { technicians: Array<{ id: number; jobs: Array<{ status: string }> }> };
    const openInTables = async () =>
      (await trpcQuery<Day>(baseUrl, cookie, "dispatch.day", { date })).technicians
        .find((t) => String(t.id) === tech.id)
        ?.jobs.filter((j) => ["assigned", "en_route", "on_site"].includes(j.status)).length ?? 0;
    await eventually(openInTables, (n) => n >= count, 10_000);
    return { techId: tech.id };
  } finally {
    board.destroy();
  }
}

export async function staffCookie(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/staff/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: "demo-password-2026" }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export async function trpcQuery<T>(baseUrl: string, cookie: string, path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return trpcResult<T>(await fetch(`${baseUrl}/api/trpc/${path}${query}`, { headers: { cookie } }), path);
}

export async function trpcMutation<T>(baseUrl: string, cookie: string, path: string, input: unknown): Promise<T> {
  return trpcResult<T>(
    await fetch(`${baseUrl}/api/trpc/${path}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    }),
    path,
  );
}

async function trpcResult<T>(response: Response, path: string): Promise<T> {
  const body = (await response.json()) as { result?: { data?: { json?: T } }; error?: unknown };
  if (!response.ok || body.result?.data?.json === undefined)
    throw new Error(`${path} failed (${response.status}): ${JSON.stringify(body.error ?? body)}`);
  return body.result.data.json;
}

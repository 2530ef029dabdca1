import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { localDate } from "@/lib/domain/quebec-dates";
import { PNG_37x21 } from "@/lib/domain/media/sample-images";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";
import { ensureOpenJobsToday } from "../support/demo-day";

/**
 * The technician's phone on the real server: a whole visit made offline (checklist, signature,
 * equipment, en route → on site → done), a reload while still offline, then the network comes
 * back and the queue drains. The completion is stored once (a replay of its key is answered as
 * a replay) and a dispatcher's board shows the job done.
 */
let server: AppServer;
let browser: Browser;
const date = localDate(new Date());

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchChromium()]);
  // Two open jobs today for the demo technician, whatever the day of the week.
  await ensureOpenJobsToday(server.baseUrl, "Marc-André Côté", 2);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(context: BrowserContext, email: string, landing: string): Promise<Page> {
  const page = await context.newPage();
  await signInThroughForm(page, email, landing);
  return page;
}

function phoneContext(): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    permissions: ["geolocation"],
    geolocation: { latitude: 45.1869, longitude: -72.6187, accuracy: 12 },
  });
}

async function openBoard(): Promise<{ desk: BrowserContext; board: Page }> {
  const desk = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 1500, height: 950 },
  });
  const board = await signIn(desk, "dispatcher@demo.test", "/dispatch");
  await board.goto(`/dispatch?date=${date}`);
  await board.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
  return { desk, board };
}

interface ActCall {
  clientKey: string;
  jobId: number;
  action: { kind: string; status?: string };
}

describe("technician phone, offline", () => {
  it("works a job offline; on reconnect one completion is stored and the dispatcher's board shows it done", async () => {
    const phone = await phoneContext();
    const page = await signIn(phone, "technician@demo.test", "/tech");
    const acts: ActCall[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().includes("/api/trpc/tech.act"))
        acts.push((request.postDataJSON() as { json: ActCall }).json);
    });

    // The day, in route order, from tech.day; the next job stands out.
    await page.locator('[data-testid="tech-job"]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="sync-status"][data-state="synced"]').waitFor();
    const jobs = await page.getByTestId("tech-job").evaluateAll((elements) =>
      elements.map((e) => ({
        id: Number((e as HTMLElement).dataset.jobId),
        status: (e as HTMLElement).dataset.status,
      })),
    );
    const target =
      jobs.find((j) => j.status === "assigned") ??
      jobs.find((j) => j.status === "en_route") ??
      jobs.find((j) => j.status === "on_site");
    expect(target, `an open job for the demo technician on ${date}: ${JSON.stringify(jobs)}`).toBeDefined();
    const jobId = target!.id;
    await expect(page.locator('[data-testid="tech-job"][data-next]').count()).resolves.toBe(1);
    if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/tech-day.png" });
    // On shift with the app open, the phone shares its position with dispatch.
    await page.locator('[data-testid="position-sharing"][data-state="sharing"]').waitFor({ timeout: 15_000 });

    await page.locator(`[data-testid="tech-job"][data-job-id="${jobId}"]`).click();
    const detail = page.locator(`[data-testid="tech-job-detail"][data-job-id="${jobId}"]`);
    await detail.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tech/jobs/${jobId}`);
    // The service worker controls the page and keeps this job's page before the network goes.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 15_000 });
    await page.waitForFunction(async (path) => (await caches.match(path)) !== undefined, `/tech/jobs/${jobId}`, {
      timeout: 30_000,
    });

    await phone.setOffline(true);
    await page.locator('[data-testid="sync-status"][data-state="offline"]').waitFor();

    // Checklist: every item.
    const items = page.getByTestId("checklist-item");
    const itemCount = await items.count();
    expect(itemCount).toBeGreaterThan(0);
    for (let i = 0; i < itemCount; i++) {
      const item = items.nth(i);
      if ((await item.getAttribute("data-done")) !== "true") await item.locator("input[type=checkbox]").click();
      await page
        .locator(
          `[data-testid="checklist-item"][data-item-id="${await item.getAttribute("data-item-id")}"][data-done="true"]`,
        )
        .waitFor();
    }

    // Signature: a stroke on the pad and the signer's name.
    await page.getByTestId("signature-pad").scrollIntoViewIfNeeded();
    const pad = (await page.getByTestId("signature-pad").boundingBox())!;
    await page.mouse.move(pad.x + 30, pad.y + pad.height * 0.6);
    await page.mouse.down();
    for (const [dx, dy] of [
      [60, -40],
      [110, 20],
      [160, -30],
      [220, 25],
      [280, -10],
    ] as const)
      await page.mouse.move(pad.x + dx, pad.y + pad.height * 0.6 + dy, { steps: 4 });
    await page.mouse.up();
    await page.getByTestId("signer-name").fill("Marie Tremblay");
    await page.getByTestId("signature-save").click();
    await page.getByTestId("signature-saved").waitFor();

    // Equipment, typed by hand (a GPON ONT serial and a unicast MAC); a bad MAC is explained first.
    const serial = `ZTEG${randomBytes(4).toString("hex").toUpperCase()}`;
    const mac = `02:${randomBytes(5).toString("hex").toUpperCase().match(/../g)!.join(":")}`;
    await page.getByTestId("equipment-form").getByLabel("Numéro de série", { exact: true }).fill(serial);
    await page
      .getByTestId("equipment-form")
      .getByLabel("Adresse MAC (facultative)", { exact: true })
      .fill("02:11:22:33:44");
    await page.getByTestId("equipment-add").click();
    await expect(page.getByTestId("mac-error").textContent()).resolves.toContain("il en faut 6");
    await page
      .getByTestId("equipment-form")
      .getByLabel("Adresse MAC (facultative)", { exact: true })
      .fill(mac.toLowerCase().replaceAll(":", "-"));
    await page.getByTestId("equipment-add").click();
    await page.locator(`[data-testid="equipment-item"][data-serial="${serial}"]`).waitFor();

    // A photo "from the camera", shrunk on the phone and queued with its caption.
    await page.getByLabel("Légende de la prochaine photo (facultative)").fill("Boîtier ONT — sous-sol");
    await page
      .getByTestId("photo-input")
      .setInputFiles({ name: "ont.png", mimeType: "image/png", buffer: Buffer.from(PNG_37x21, "base64") });
    await page.getByRole("img", { name: "Boîtier ONT — sous-sol" }).waitFor();

    // En route → on site → done, with a summary.
    if (target!.status === "assigned") await page.getByTestId("status-en_route").click();
    if (target!.status !== "on_site") await page.getByTestId("status-on_site").click();
    await page.getByTestId("status-done").click();
    await page.getByLabel("Résumé des travaux").fill("ONT installé, signal -18 dBm, Wi-Fi testé avec le client.");
    await expect(page.getByTestId("recap-signature").textContent()).resolves.toBe("Marie Tremblay");
    await page.getByTestId("confirm-done").click();
    await page.locator(`[data-testid="tech-job-detail"][data-job-id="${jobId}"][data-status="done"]`).waitFor();
    const waiting = Number(await page.getByTestId("sync-status").getAttribute("data-pending"));
    expect(waiting).toBeGreaterThanOrEqual(itemCount + 4);
    await expect(page.getByTestId("sync-status").textContent()).resolves.toContain(
      `Hors ligne — ${waiting} modifications en attente`,
    );
    expect(acts).toEqual([]);

    // A reload while offline: the page comes from the service worker, the day and the queue from IndexedDB.
    const offlinePage = await page.reload();
    expect(offlinePage?.fromServiceWorker()).toBe(true);
    await page
      .locator(`[data-testid="tech-job-detail"][data-job-id="${jobId}"][data-status="done"]`)
      .waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid="sync-status"][data-pending="${waiting}"]`).waitFor();

    // Back online: the queue drains in order.
    await phone.setOffline(false);
    await page.locator('[data-testid="sync-status"][data-state="synced"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId("refusal-notice").count()).resolves.toBe(0);
    const completions = acts.filter(
      (a) => a.jobId === jobId && a.action.kind === "status" && a.action.status === "done",
    );
    expect(completions).toHaveLength(1);

    // A duplicate of the completion (a replay after a lost answer) is answered from the ledger, not applied again.
    const replay = await page.request.post("/api/trpc/tech.act", { data: { json: completions[0] } });
    expect(replay.status()).toBe(200);
    expect(
      ((await replay.json()) as { result: { data: { json: { accepted: boolean; replayed: boolean } } } }).result.data
        .json,
    ).toMatchObject({ accepted: true, replayed: true });

    // The server's copy of the day: done, checklist done, signed, the ONT listed.
    await page.reload();
    const stored = page.locator(`[data-testid="tech-job-detail"][data-job-id="${jobId}"][data-status="done"]`);
    await stored.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="sync-status"][data-state="synced"]').waitFor();
    // The tables agree, and stay so: the board, loaded and unloaded as the statuses reached
    // it, must not write its older copy of the job back over the technician's "done".
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const dayUrl = `/api/trpc/tech.day?input=${encodeURIComponent(JSON.stringify({ json: { date, language: "fr" } }))}`;
    const day = (await (await page.request.get(dayUrl)).json()) as {
      result: { data: { json: { jobs: Array<{ id: number; status: string; checklist: Array<{ done: boolean }> }> } } };
    };
    const serverJob = day.result.data.json.jobs.find((j) => j.id === jobId)!;
    expect(serverJob.status).toBe("done");
    expect(serverJob.checklist.map((item) => item.done)).toEqual(Array(itemCount).fill(true));
    // The sections fill in as the day's data settles: wait for the checklist before reading it.
    await expect.poll(() => stored.getByTestId("checklist-item").count(), { timeout: 10_000 }).toBe(itemCount);
    await expect(stored.locator('[data-testid="checklist-item"][data-done="false"]').count()).resolves.toBe(0);
    await expect(stored.getByTestId("recap-signature").textContent()).resolves.toBe("Marie Tremblay");
    await expect(stored.locator('[data-testid="signature-saved"] img').getAttribute("src")).resolves.toMatch(
      new RegExp(`^/api/tech/jobs/${jobId}/signature`),
    );
    await stored.locator(`[data-testid="equipment-item"][data-serial="${serial}"][data-status="installed"]`).waitFor();
    await expect(stored.getByRole("img", { name: "Boîtier ONT — sous-sol" }).getAttribute("src")).resolves.toMatch(
      /^\/api\/tech\/photos\/\d+/,
    );
    if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/tech-phone.png" });

    // The dispatcher's board, live from the same tables.
    const { desk, board } = await openBoard();
    await board
      .locator(`[data-testid="job-block"][data-job-id="${jobId}"][data-status="done"]`)
      .waitFor({ timeout: 10_000 });

    await desk.close();
    await phone.close();
  });
  it("a job reassigned while the phone was offline is not overwritten: the phone says so", async () => {
    const phone = await phoneContext();
    const page = await signIn(phone, "technician@demo.test", "/tech");
    await page.locator('[data-testid="tech-job"]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="sync-status"][data-state="synced"]').waitFor();
    const open = await page
      .locator('[data-testid="tech-job"]:not([data-status="done"]):not([data-status="cancelled"])')
      .evaluateAll((elements) => elements.map((e) => Number((e as HTMLElement).dataset.jobId)));
    expect(open.length, "an open job left for the demo technician today").toBeGreaterThan(0);
    const jobId = open[open.length - 1]!;
    await page.locator(`[data-testid="tech-job"][data-job-id="${jobId}"]`).click();
    await page.locator(`[data-testid="tech-job-detail"][data-job-id="${jobId}"]`).waitFor();

    await phone.setOffline(true);
    await page.locator('[data-testid="sync-status"][data-state="offline"]').waitFor();
    const item = page.getByTestId("checklist-item").first();
    await item.locator("input[type=checkbox]").click();
    await page.locator('[data-testid="sync-status"][data-pending="1"]').waitFor();

    // Meanwhile a dispatcher gives the job to another technician.
    const { desk, board } = await openBoard();
    const block = board.locator(`[data-testid="job-block"][data-job-id="${jobId}"]`);
    const fromLane = await board.locator('[data-testid="tech-lane"]', { has: block }).getAttribute("data-tech-id");
    const lanes = await board
      .getByTestId("tech-lane")
      .evaluateAll((elements) => elements.map((e) => (e as HTMLElement).dataset.techId!));
    const toLane = lanes.find((id) => id !== fromLane)!;
    const from = (await block.boundingBox())!;
    const to = (await board.locator(`[data-testid="tech-lane"][data-tech-id="${toLane}"]`).boundingBox())!;
    await board.mouse.move(from.x + 8, from.y + from.height / 2);
    await board.mouse.down();
    await board.mouse.move(from.x + 8, to.y + to.height / 2, { steps: 12 });
    await board.mouse.up();
    await board
      .locator(`[data-testid="tech-lane"][data-tech-id="${toLane}"] [data-testid="job-block"][data-job-id="${jobId}"]`)
      .waitFor({ timeout: 5_000 });
    // The board writes the assignment to the job tables: the technician's day no longer has the job.
    const dayUrl = `/api/trpc/tech.day?input=${encodeURIComponent(JSON.stringify({ json: { date, language: "fr" } }))}`;
    await expect
      .poll(
        async () => {
          const body = (await (await phone.request.get(dayUrl)).json()) as {
            result: { data: { json: { jobs: Array<{ id: number }> } } };
          };
          return body.result.data.json.jobs.some((j) => j.id === jobId);
        },
        { timeout: 10_000 },
      )
      .toBe(false);

    // Back online: the change is refused as a reassignment, shown, and the job leaves the phone's day.
    await phone.setOffline(false);
    const notice = page.locator(`[data-testid="refusal-notice"][data-code="reassigned"][data-job-id="${jobId}"]`);
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.textContent()).resolves.toContain(
      `Le travail ${jobId} a été réassigné à un autre technicien pendant que vous étiez hors ligne`,
    );
    await page.getByTestId("job-gone").waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="sync-status"][data-state="synced"]').waitFor();
    // The job stays with the technician the dispatcher chose.
    await board
      .locator(`[data-testid="tech-lane"][data-tech-id="${toLane}"] [data-testid="job-block"][data-job-id="${jobId}"]`)
      .waitFor();

    await desk.close();
    await phone.close();
  });
});

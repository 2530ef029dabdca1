import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";

/** The proposal panel in two dispatchers' browsers: one asks for a plan, accepts one technician's route, undoes it. */
let server: AppServer;
let browser: Browser;
let date: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchChromium()]);
  // A weekday ahead: its seeded board has open jobs and shifts, and nothing of it is under way.
  date = shiftDate(localDate(new Date()), 1);
  while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = shiftDate(date, 1);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openBoard(email: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 1500, height: 950 },
  });
  const page = await context.newPage();
  await signInThroughForm(page, email, "/dispatch");
  await page.goto(`/dispatch?date=${date}`);
  await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
  return page;
}

/** Where a job sits on the board: its technician's lane (or the queue) and its start. */
async function placeOf(page: Page, jobId: string): Promise<{ techId: string | null; start: string | null }> {
  const block = page.locator(`[data-testid="job-block"][data-job-id="${jobId}"]`).first();
  await block.waitFor({ timeout: 5_000 });
  const lane = page.locator(`[data-testid="tech-lane"]:has([data-testid="job-block"][data-job-id="${jobId}"])`);
  const techId = (await lane.count()) > 0 ? await lane.first().getAttribute("data-tech-id") : null;
  return { techId, start: await block.getAttribute("data-start") };
}

async function placesOf(page: Page, jobs: Array<{ jobId: string }>) {
  const entries = await Promise.all(jobs.map(async (c) => [c.jobId, await placeOf(page, c.jobId)] as const));
  return Object.fromEntries(entries);
}

describe("plan proposal panel", () => {
  it("a dispatcher proposes a plan, both see it, one technician's route is accepted, and undo puts it all back", async () => {
    const a = await openBoard("dispatcher@demo.test");
    const b = await openBoard("dispatcher2@demo.test");

    await a.getByTestId("propose-plan").click();
    // The solve takes its 5 s budget on the server; the proposal then reaches both boards.
    const proposal = a.getByTestId("proposal");
    await proposal.waitFor({ timeout: 30_000 });
    const proposalId = (await proposal.getAttribute("data-proposal-id"))!;
    await b.locator(`[data-testid="proposal"][data-proposal-id="${proposalId}"]`).waitFor({ timeout: 5_000 });
    await expect(a.getByTestId("proposal-figures").textContent()).resolves.toMatch(/→/);

    // A technician whose proposed route changes the live plan, and the changes it lists.
    const tech = a.locator('[data-testid="proposal-tech"]:has([data-testid="proposal-accept-tech"])').first();
    const techId = (await tech.getAttribute("data-tech-id"))!;
    const changes = await tech
      .getByTestId("proposal-change")
      .evaluateAll((items) =>
        items.map((li) => ({ jobId: (li as HTMLElement).dataset.jobId!, start: (li as HTMLElement).dataset.start! })),
      );
    expect(changes.length).toBeGreaterThan(0);
    const before = await placesOf(a, changes);

    await tech.getByTestId("proposal-accept-tech").click();
    // Both boards show that technician's route as proposed; the technician leaves the list of routes to review.
    for (const page of [a, b])
      for (const c of changes)
        await page
          .locator(
            `[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"][data-job-id="${c.jobId}"][data-start="${c.start}"]`,
          )
          .waitFor({ timeout: 5_000 });
    await a.locator(`[data-testid="proposal-tech"][data-tech-id="${techId}"]`).waitFor({ state: "detached" });

    // One undo reverts the whole acceptance, on both boards.
    await a.getByTestId("undo").click();
    for (const page of [a, b]) await expect.poll(() => placesOf(page, changes), { timeout: 5_000 }).toEqual(before);
    await a.locator(`[data-testid="proposal-tech"][data-tech-id="${techId}"]`).waitFor({ timeout: 5_000 });
    await expect(a.getByTestId("undo").isDisabled()).resolves.toBe(true);
  });
});

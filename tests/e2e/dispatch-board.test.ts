import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";

/** Two dispatchers plan one day together, each in their own browser. */
let server: AppServer;
let browser: Browser;
let date: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchChromium()]);
  date = shiftDate(localDate(new Date()), 1);
  while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = shiftDate(date, 1);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openBoard(email: string): Promise<{ page: Page; userId: string; userName: string }> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 1500, height: 950 },
  });
  const page = await context.newPage();
  await signInThroughForm(page, email, "/dispatch");
  const session = (await (await page.request.get("/api/collab/token")).json()) as {
    user: { id: string; name: string };
  };
  await page.goto(`/dispatch?date=${date}`);
  await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
  return { page, userId: session.user.id, userName: session.user.name };
}

describe("live dispatch board", () => {
  it("dispatcher A drags a job onto a technician; B sees it within a second, with A's avatar and selection", async () => {
    const a = await openBoard("dispatcher@demo.test");
    const b = await openBoard("dispatcher2@demo.test");

    await b.page.locator(`[data-testid="presence-avatar"][data-user-id="${a.userId}"]`).waitFor({ timeout: 5_000 });
    await a.page.locator(`[data-testid="presence-avatar"][data-user-id="${b.userId}"]`).waitFor({ timeout: 5_000 });

    const job = a.page.getByTestId("unassigned-queue").getByTestId("job-block").first();
    const jobId = (await job.getAttribute("data-job-id"))!;
    await job.click();
    await b.page.locator(`[data-testid="remote-selection"][data-user-id="${a.userId}"]`).waitFor({ timeout: 2_000 });

    const lane = a.page.getByTestId("tech-lane").nth(1);
    const techId = (await lane.getAttribute("data-tech-id"))!;
    const from = (await job.boundingBox())!;
    const to = (await lane.boundingBox())!;
    await a.page.mouse.move(from.x + 10, from.y + from.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(to.x + to.width * 0.45, to.y + to.height / 2, { steps: 12 });
    await a.page.mouse.up();
    await a.page
      .locator(`[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"][data-job-id="${jobId}"]`)
      .waitFor({ timeout: 2_000 });

    const movedAt = Date.now();
    await b.page
      .locator(`[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"][data-job-id="${jobId}"]`)
      .waitFor({ timeout: 1_000 });
    expect(Date.now() - movedAt).toBeLessThan(1_000);
    if (process.env.SCREENSHOTS === "1") await b.page.screenshot({ path: "docs/screenshots/dispatch-board.png" });

    // A refused edit is explained in the user's language: a done job cannot be moved.
    const placed = a.page.locator(
      `[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"][data-job-id="${jobId}"]`,
    );
    await placed.click();
    await a.page.getByTestId("set-status-done").click();
    await a.page
      .locator(`[data-testid="job-block"][data-job-id="${jobId}"][data-status="done"]`)
      .waitFor({ timeout: 2_000 });
    await a.page.locator(`[data-testid="job-block"][data-job-id="${jobId}"]`).focus();
    await a.page.keyboard.press("ArrowRight");
    await expect(a.page.getByTestId("board-notice").textContent()).resolves.toContain(
      `le travail ${jobId} est terminé`,
    );

    // The day replayed: B opens the history from the board and reads who did what.
    await b.page.getByTestId("board-history").click();
    await b.page.waitForURL(/\/dispatch\/history\?date=/);
    const edits = b.page.getByTestId("history-edits");
    await edits.waitFor();
    const said = (await edits.textContent()) ?? "";
    expect(said).toContain(`${a.userName} a déplacé`);
    expect(said).toContain(`${a.userName} a mis`);
    // Since the first edit (the board as the server first built it), A's job moved; the rest did not change.
    const changes = (await b.page.getByTestId("history-changes").textContent()) ?? "";
    expect(changes).toContain("déplacé");
    expect(changes).not.toContain("ajouté");
    // The slider is a form field: the keyboard moves it and the board at that moment opens.
    await b.page.getByRole("slider").focus();
    await b.page.keyboard.press("Home");
    await b.page.waitForURL(/[?&]t=\d+/);
    await b.page.getByTestId("history-board").waitFor();
  });
});

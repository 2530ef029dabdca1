import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { localDate } from "@/lib/domain/quebec-dates";
import { provisioningToken } from "@/server/services/gps/devices";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";
import { ensureOpenJobsToday } from "../support/demo-day";

/**
 * The dispatch map in Chromium, on the real server: the MapLibre map renders from the shipped
 * style with no network beyond the app, and a technician's marker moves when a fix arrives
 * through the OsmAnd endpoint. Fixes are dated now, so they belong to today's board.
 */
let server: AppServer;
let browser: Browser;
const authSecret = randomBytes(32).toString("base64");
const date = localDate(new Date());

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({ env: { AUTH_SECRET: authSecret } }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The seeded trackers are TRK-1001, TRK-1002, …; each proves itself with its provisioning token. */
async function postFix(tracker: string, lat: number, lng: number, extra: Record<string, string> = {}): Promise<void> {
  const query = new URLSearchParams({
    id: tracker,
    token: provisioningToken(tracker, authSecret),
    lat: String(lat),
    lon: String(lng),
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...extra,
  });
  const response = await fetch(`${server.baseUrl}/api/gps/osmand?${query}`, { method: "POST" });
  expect(response.status, await response.text()).toBe(200);
}

async function signIn(path: string, email = "dispatcher@demo.test"): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 1600, height: 1000 },
  });
  const page = await context.newPage();
  // Nothing may come from outside: the map must draw from the app's own files.
  const outside: string[] = [];
  page.on("request", (request) => {
    if (
      !request.url().startsWith(server.baseUrl) &&
      !request.url().startsWith("data:") &&
      !request.url().startsWith("blob:")
    )
      outside.push(request.url());
  });
  await signInThroughForm(page, email, "/dispatch");
  await page.goto(path);
  (page as Page & { outside?: string[] }).outside = outside;
  return page;
}

const markerOf = (page: Page, techId: string) => page.locator(`[data-testid="tech-marker"][data-tech-id="${techId}"]`);

describe("dispatch map", () => {
  it("renders offline from the shipped style, and a technician's marker moves when a fix is posted", async () => {
    await postFix("TRK-1001", 45.4, -72.73, { speed: "20", bearing: "90" });
    const page = await signIn(`/dispatch/map?date=${date}`);
    await page.locator('[data-testid="dispatch-map"][data-map-loaded]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="feed-status"][data-connection="live"]').waitFor({ timeout: 10_000 });
    const canvas = (await page.locator(".maplibregl-canvas").boundingBox())!;
    expect(canvas.width).toBeGreaterThan(400);
    expect(canvas.height).toBeGreaterThan(300);

    const marker = page.locator('[data-testid="tech-marker"]').first();
    await marker.waitFor({ timeout: 10_000 });
    const techId = (await marker.getAttribute("data-tech-id"))!;
    await expect(marker.getAttribute("aria-label")).resolves.toMatch(/37 km\/h/);
    const before = (await markerOf(page, techId).boundingBox())!;

    // 0.03° east at this zoom is tens of pixels: the marker must follow the new fix.
    await postFix("TRK-1001", 45.4, -72.7);
    await page.waitForFunction(
      ({ id, x }) => {
        const element = document.querySelector(`[data-testid="tech-marker"][data-tech-id="${id}"]`);
        return element !== null && element.getBoundingClientRect().x > x + 10;
      },
      { id: techId, x: before.x },
      { timeout: 5_000 },
    );
    await expect(markerOf(page, techId).getAttribute("data-lng")).resolves.toBe("-72.7");

    // The technician list is the keyboard path to a marker; choosing one selects their next job.
    await page.locator(`[data-testid="map-tech"][data-tech-id="${techId}"]`).click();
    await expect(
      page.locator(`[data-testid="map-tech"][data-tech-id="${techId}"]`).getAttribute("aria-pressed"),
    ).resolves.toBe("true");
    expect((page as Page & { outside?: string[] }).outside).toEqual([]);

    // Another dispatcher on the same map sees this one's pointer where it is.
    const other = await signIn(`/dispatch/map?date=${date}`, "dispatcher2@demo.test");
    await other.locator('[data-testid="dispatch-map"][data-map-loaded]').waitFor({ timeout: 30_000 });
    const me = (await (await page.request.get("/api/collab/token")).json()) as { user: { id: string } };
    const box = (await page.locator(".maplibregl-canvas").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await other.locator(`[data-testid="map-cursor"][data-user-id="${me.user.id}"]`).waitFor({ timeout: 5_000 });
  });

  it("shows beside the board, and choosing a technician on the map selects their next job on the board", async () => {
    const page = await signIn(`/dispatch?date=${date}`);
    await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
    await page.getByTestId("toggle-map").click();
    await page.locator('[data-testid="dispatch-map"][data-map-loaded]').waitFor({ timeout: 30_000 });

    if (process.env.SCREENSHOTS === "1") {
      // A dozen technicians around their jobs, for the README.
      for (let i = 0; i < 12; i++)
        await postFix(`TRK-${1001 + i}`, 45.2 + (i % 4) * 0.12, -72.95 + Math.floor(i / 4) * 0.35, {
          speed: String(10 + i * 3),
          bearing: String(i * 30),
        });
      await expect
        .poll(() => page.locator('[data-testid="tech-marker"]').count(), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(10);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: "docs/screenshots/dispatch-map.png" });
    }

    // A technician with jobs still to do today (made here: late in the day the demo has none left);
    // their next job is what the map selects.
    const { techId } = await ensureOpenJobsToday(server.baseUrl, "Marc-André Côté", 2);
    await page
      .locator(
        `[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"]:is([data-status="assigned"], [data-status="en_route"], [data-status="on_site"])`,
      )
      .first()
      .waitFor({ timeout: 10_000 });
    await page.locator(`[data-testid="map-tech"][data-tech-id="${techId}"]`).click();
    const selected = page.locator(
      `[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"][aria-pressed="true"]`,
    );
    await selected.waitFor({ timeout: 5_000 });
    await expect(page.getByTestId("job-detail").getAttribute("data-job-id")).resolves.toBe(
      await selected.getAttribute("data-job-id"),
    );
  });
});

import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { localDate } from "@/lib/domain/quebec-dates";
import type { TechDay } from "@/lib/schemas/tech";
import { provisioningToken } from "@/server/services/gps/devices";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";
import { ensureOpenJobsToday, staffCookie, trpcMutation, trpcQuery } from "../support/demo-day";

/**
 * A job's full record in Chromium on the real server: the demo technician goes en route, their
 * tracker (TRK-1001) reports a short drive, and the office sees it on the record's map from the
 * shipped style (nothing from outside), with its figures; a job that never left shows why not.
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

async function postFix(lat: number, lng: number, unixSeconds: number): Promise<void> {
  const query = new URLSearchParams({
    id: "TRK-1001",
    token: provisioningToken("TRK-1001", authSecret),
    lat: String(lat),
    lon: String(lng),
    timestamp: String(unixSeconds),
  });
  const response = await fetch(`${server.baseUrl}/api/gps/osmand?${query}`, { method: "POST" });
  expect(response.status, await response.text()).toBe(200);
}

describe("a job's record: the technician's route", () => {
  it("draws the drive since en route with its distance and time, and says why another job has none", async () => {
    // Three open jobs, so two are still "assigned" whatever the demo day has under way.
    await ensureOpenJobsToday(server.baseUrl, "Marc-André Côté", 3);
    const techCookie = await staffCookie(server.baseUrl, "technician@demo.test");
    const day = await trpcQuery<TechDay>(server.baseUrl, techCookie, "tech.day", { date, language: "fr" });
    const assigned = day.jobs.filter((j) => j.status === "assigned");
    expect(assigned.length, JSON.stringify(day.jobs.map((j) => j.status))).toBeGreaterThanOrEqual(2);
    const [driven, waiting] = [assigned[0]!.id, assigned[1]!.id];

    await trpcMutation(server.baseUrl, techCookie, "tech.act", {
      clientKey: randomUUID(),
      jobId: driven,
      action: { kind: "status", status: "en_route" },
    });
    // Whole seconds after the status change: four fixes 500 m apart, heading north.
    const first = Math.ceil(Date.now() / 1000) + 1;
    for (let i = 0; i < 4; i++) await postFix(45.4 + (i * 500) / 111_195, -72.73, first + i);
    // The record reads fixes up to now while the job is under way.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (first + 4) * 1000 - Date.now())));

    const context = await browser.newContext({ baseURL: server.baseUrl, locale: "fr-CA" });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(server.baseUrl) && !url.startsWith("data:") && !url.startsWith("blob:")) outside.push(url);
    });
    await signInThroughForm(page, "dispatcher@demo.test", "/dispatch");
    await page.goto(`/office/jobs/${driven}`);

    const map = page.locator('[data-testid="job-route-map"][data-map-loaded]');
    await map.waitFor({ timeout: 30_000 });
    await expect(map.getAttribute("data-points")).resolves.toBe("2"); // a straight line: its two ends
    for (const marker of ["job-route-start", "job-route-end", "job-route-destination"])
      await page.getByTestId(marker).waitFor({ state: "visible" });
    const metres = Number(await page.getByTestId("job-route-distance").getAttribute("data-metres"));
    expect(Math.abs(metres - 1_500)).toBeLessThanOrEqual(5);
    await expect(page.getByTestId("job-route-distance").textContent()).resolves.toMatch(/1,5 km/);
    await expect(page.getByTestId("job-route-time").textContent()).resolves.toMatch(/min jusqu'ici/);
    expect(outside).toEqual([]);

    await page.goto(`/office/jobs/${waiting}`);
    await expect(page.getByTestId("job-route-empty").getAttribute("data-reason")).resolves.toBe("never_en_route");
    await expect(page.getByTestId("job-route-empty").textContent()).resolves.toMatch(/jamais passé « en route »/);
    await context.close();
  });
});

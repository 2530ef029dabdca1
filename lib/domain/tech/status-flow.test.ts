import { describe, expect, it } from "vitest";
import type { JobStatus } from "../board/types";
import { techTransition, type TechStatus } from "./status-flow";

describe("techTransition", () => {
  it.each<[JobStatus, TechStatus, string]>([
    ["assigned", "en_route", "ok"],
    ["assigned", "on_site", "ok"],
    ["en_route", "on_site", "ok"],
    ["on_site", "done", "ok"],
    ["en_route", "en_route", "same"],
    ["done", "done", "same"],
    ["assigned", "done", "bad_transition"],
    ["en_route", "done", "bad_transition"],
    ["on_site", "en_route", "bad_transition"],
    ["unassigned", "en_route", "bad_transition"],
    ["done", "on_site", "job_closed"],
    ["cancelled", "en_route", "job_closed"],
  ])("%s → %s: %s", (from, to, expected) => {
    const result = techTransition(from, to);
    if (expected === "ok") expect(result).toEqual({ ok: true, changes: true });
    else if (expected === "same") expect(result).toEqual({ ok: true, changes: false });
    else expect(result).toMatchObject({ ok: false, code: expected });
  });
});

import { describe, expect, it } from "vitest";
import { goneTrackingPage } from "./tracking-gone";

describe("goneTrackingPage", () => {
  it.each([
    ["fr", "Ce lien a expiré"],
    ["en", "This link has expired"],
  ] as const)("says the link expired in %s", (language, title) => {
    const html = goneTrackingPage(language);
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('name="robots" content="noindex"');
  });
});

import { describe, expect, it } from "vitest";
import { refusalMessageOf } from "./http-error-body";

describe("refusalMessageOf", () => {
  it.each([
    [
      "the wrapper's nested refusal",
      { error: { code: "forbidden", message: "Réservé au personnel." } },
      "Réservé au personnel.",
    ],
    ["a flat sentence", { error: "Sign in first." }, "Sign in first."],
    ["a message that is not text", { error: { message: 42 } }, null],
    ["no error field", { ok: false }, null],
    ["null", null, null],
    ["a string body", "Bad Gateway", null],
  ])("%s", (_name, body, expected) => expect(refusalMessageOf(body)).toBe(expected));
});

import { describe, expect, it } from "vitest";
import { photoRefusalOf } from "./tech-api";

describe("photoRefusalOf", () => {
  it.each([
    [
      "the route's own refusal",
      {
        error: {
          code: "conflict",
          message: "Le travail 12 a été réassigné",
          refusal: "reassigned",
          key: "errors.tech.reassigned",
          params: { job: 12 },
        },
      },
      {
        message: "Le travail 12 a été réassigné",
        refusal: "reassigned",
        key: "errors.tech.reassigned",
        params: { job: 12 },
      },
    ],
    ["the wrapper's sentence", { error: "Sign in first.", requestId: null }, { message: "Sign in first." }],
    ["no body", null, {}],
    ["a proxy's HTML page parsed as nothing", {}, {}],
    [
      "fields of the wrong type are dropped",
      { error: { message: 42, key: ["x"], params: "p" } },
      { message: undefined, refusal: undefined, key: undefined, params: undefined },
    ],
  ])("%s", (_name, body, expected) => expect(photoRefusalOf(body)).toEqual(expected));
});

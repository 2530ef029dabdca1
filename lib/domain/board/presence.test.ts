import { describe, expect, it } from "vitest";
import { MAX_SELECTION, stampPresence } from "./presence";

const me = { id: "u-1", name: "Dispatcher One", color: "#0369a1" };

describe("stampPresence", () => {
  it.each([
    [
      "another user's identity becomes the connection's",
      { user: { id: "u-2", name: "Someone Else", color: "#000" }, selection: ["12"], cursor: null },
      { user: me, selection: ["12"], cursor: null },
    ],
    [
      "no user at all",
      { selection: [], cursor: { lat: 45.5, lng: -73.6 } },
      { user: me, selection: [], cursor: { lat: 45.5, lng: -73.6 } },
    ],
    [
      "a timeline cursor",
      { user: me, selection: [], cursor: { techId: "7", time: "2027-01-12T14:00:00.000Z" } },
      { user: me, selection: [], cursor: { techId: "7", time: "2027-01-12T14:00:00.000Z" } },
    ],
    ["a malformed cursor", { cursor: { lat: "45", lng: -73 } }, { user: me, selection: [], cursor: null }],
    ["a cursor off the globe", { cursor: { lat: 91, lng: 0 } }, { user: me, selection: [], cursor: null }],
    [
      "a selection with non-ids",
      { selection: ["1", 2, null, "x".repeat(41), "3"] },
      { user: me, selection: ["1", "3"], cursor: null },
    ],
    [
      "extra fields are dropped",
      { user: me, selection: [], cursor: null, blob: "x".repeat(10_000) },
      { user: me, selection: [], cursor: null },
    ],
    ["not an object", "hello", { user: me, selection: [], cursor: null }],
    ["null", null, { user: me, selection: [], cursor: null }],
  ])("%s", (_what, state, expected) => expect(stampPresence(me, state)).toEqual(expected));

  it("keeps at most a whole board's selection", () => {
    const selection = Array.from({ length: MAX_SELECTION + 10 }, (_, i) => String(i + 1));
    expect(stampPresence(me, { selection }).selection).toHaveLength(MAX_SELECTION);
  });
});

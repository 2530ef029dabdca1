import { describe, expect, it } from "vitest";
import { hasHit, highlightParts, searchTerms } from "./ticket-search";

describe("search terms", () => {
  it.each([
    ["Facture impayée", ["facture", "impayée"]],
    ["  routeur,  Wi-Fi!! ", ["routeur", "wi-fi"]],
    ["l'ONT clignote", ["l'ont", "clignote"]],
    ["connexion connexion CONNEXION", ["connexion"]],
    ["'quoted' -dash-", ["quoted", "dash"]],
    ["!!! ???", []],
    ["a b c d e f g h i j", ["a", "b", "c", "d", "e", "f", "g", "h"]],
  ])("%j → %j", (query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });
});

describe("highlighted snippets", () => {
  it("splits hits from plain text", () => {
    expect(highlightParts("Ma \u0001facture\u0002 est \u0001impayée\u0002.")).toEqual([
      { text: "Ma ", hit: false },
      { text: "facture", hit: true },
      { text: " est ", hit: false },
      { text: "impayée", hit: true },
      { text: ".", hit: false },
    ]);
    expect(highlightParts("<b>no markup</b>")).toEqual([{ text: "<b>no markup</b>", hit: false }]);
    expect(hasHit("a \u0001b\u0002")).toBe(true);
    expect(hasHit("plain")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import { isDeniedHandshake, socketRefusalText, type RefusalTranslate } from "./socket-refusal";

const t = (locale: "fr" | "en") =>
  createTranslator({ locale, messages: messagesFor(locale) }) as unknown as RefusalTranslate;

describe("socketRefusalText", () => {
  it.each([
    ["fr", "board", "Connectez-vous comme membre du personnel pour ouvrir le tableau."],
    ["en", "board", "Sign in as staff to open the board."],
    ["en", "positions", "Sign in as staff to receive live positions."],
  ] as const)("words a sign-in refusal in %s for the %s", (locale, purpose, sentence) => {
    expect(socketRefusalText({ key: "errors.socket.signIn", params: { purpose }, fallback: "x" }, t(locale))).toBe(
      sentence,
    );
  });

  it("shows a reason that is not a key as it came (an older server's English sentence)", () => {
    expect(socketRefusalText({ key: "permission-denied", fallback: "permission-denied" }, t("fr"))).toBe(
      "permission-denied",
    );
    expect(socketRefusalText({ fallback: "Sign in as staff" }, t("fr"))).toBe("Sign in as staff");
  });
});

describe("isDeniedHandshake", () => {
  it("is true only for a refusal the server marked denied", () => {
    expect(isDeniedHandshake(Object.assign(new Error("Sign in"), { data: { denied: true, key: "k" } }))).toBe(true);
    expect(isDeniedHandshake(Object.assign(new Error("x"), { data: { key: "errors.internal" } }))).toBe(false);
    expect(isDeniedHandshake(new Error("websocket error"))).toBe(false);
  });
});

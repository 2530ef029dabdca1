import { afterEach, describe, expect, it, vi } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTranslator } from "next-intl";
import { z } from "zod";
import { messagesFor } from "../../i18n/catalog";
import { NotFoundError, RecordAccessError, RuleViolationError } from "../services/errors";
import { PaymentGatewayUnavailableError } from "../integrations/stripe/payment-gateway";
import { toActionError, type Translate } from "./action-errors";

const translator = (locale: "fr" | "en"): Translate =>
  createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;
const fr = translator("fr");
const en = translator("en");
/** What the in-process caller throws: the service error as the TRPCError's cause (server/trpc/init.ts). */
const refused = (code: TRPCError["code"], cause?: unknown) =>
  new TRPCError({ code, message: cause instanceof Error ? cause.message : code, cause });

describe("toActionError", () => {
  afterEach(() => vi.restoreAllMocks());

  it("translates a service error's key and parameters in both languages", () => {
    const error = refused("NOT_FOUND", new NotFoundError("invoice", 42));
    expect(toActionError(error, fr, "test")).toMatchObject({
      code: "not_found",
      key: "errors.notFound.invoice",
      message: "La facture 42 n'existe plus. Rechargez la page.",
    });
    expect(toActionError(error, en, "test").message).toBe("Invoice 42 no longer exists. Reload the page.");
  });

  it("falls back to the family's sentence for an entity without its own key", () => {
    expect(toActionError(new NotFoundError("Gadget", 7), en, "test")).toMatchObject({
      code: "not_found",
      key: "errors.notFound.other",
    });
  });

  it("keeps a keyless rule's English reason inside the translated sentence, and the field", () => {
    const failure = toActionError(
      refused("BAD_REQUEST", new RuleViolationError("too much", "amountCents")),
      fr,
      "test",
    );
    expect(failure).toMatchObject({ code: "invalid", message: "Refusé : too much", field: "amountCents" });
  });

  it("formats a rule's parameters in the reader's language", () => {
    const error = new RuleViolationError("too much", "allocations", {
      key: "errors.payment.allocationsOverLeft",
      params: { requested: 1234.5, available: 10 },
    });
    expect(toActionError(error, fr, "test").message).toMatch(/1\s?234,50\s\$.*10,00\s\$/);
    expect(toActionError(error, en, "test").message).toContain("$1,234.50");
  });

  it("answers the procedures' own refusals and the integration errors that mean something", () => {
    expect(toActionError(refused("UNAUTHORIZED"), en, "test")).toMatchObject({
      code: "unauthorized",
      key: "errors.unauthorized",
    });
    expect(toActionError(refused("FORBIDDEN", new RecordAccessError()), en, "test")).toMatchObject({
      code: "forbidden",
      key: "errors.forbidden",
    });
    expect(toActionError(new PaymentGatewayUnavailableError("timeout"), fr, "test")).toMatchObject({
      code: "unavailable",
      key: "errors.paymentGatewayUnavailable",
    });
  });

  it("translates zod issues written as keys and keeps the others' words", () => {
    const schema = z.object({
      date: z.iso.date({ error: "errors.input.calendarDate" }),
      n: z.number({ error: "plain words" }),
    });
    const parsed = schema.safeParse({ date: "2026-02-30", n: "x" });
    const failure = toActionError(refused("BAD_REQUEST", parsed.error), fr, "test");
    expect(failure.code).toBe("invalid");
    expect(failure.message).toContain("date: La date doit être une date du calendrier au format AAAA-MM-JJ.");
    expect(failure.message).toContain("n: plain words");
  });

  it("never shows an internal error's text: it logs it with a request id and says that id", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failure = toActionError(new Error("connection refused to 10.0.0.5 password=hunter2"), fr, "test");
    expect(failure.code).toBe("internal");
    expect(failure.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(failure.message).toContain(failure.requestId);
    expect(failure.message).not.toContain("hunter2");
    expect(log).toHaveBeenCalledWith(expect.stringContaining(failure.requestId!), expect.any(Error));
    expect(toActionError(refused("INTERNAL_SERVER_ERROR", new Error("boom")), en, "test").code).toBe("internal");
  });
});

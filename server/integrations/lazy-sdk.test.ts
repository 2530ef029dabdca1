/**
 * The integrations load their SDK at first use (stripe, twilio, nodemailer, pdfkit): a process
 * that never charges, texts, mails or renders a PDF does not carry them. An SDK that cannot be
 * loaded must fail the call with a message that says so, in the error class the callers
 * already sort (a refusal: nothing was sent), and be tried again at the next call.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createOutboxMailer, createSmtpMailer, isRefusedMail, loadNodemailer, MailRefusedError } from "./mail/mailer";
import { loadPdfKit, PdfRendererUnavailableError } from "./pdf/pdfkit";
import { isRefusedSms, TwilioSdkUnavailableError } from "./sms/sms-errors";
import { loadTwilioSdk, TwilioSmsSender } from "./sms/twilio-sms";
import { PaymentGatewayUnavailableError } from "./stripe/payment-gateway";
import { createStripeGateway, loadStripeSdk } from "./stripe/stripe-gateway";

const missing = (name: string) => () => Promise.reject(new Error(`Cannot find package '${name}'`));
const mail = { to: "client@example.com", subject: "Facture", text: "Bonjour" };

describe("an SDK that cannot be loaded", () => {
  it("refuses the mail with nodemailer's load failure, and loads it at the next send", async () => {
    let attempts = 0;
    const flaky = () => {
      attempts++;
      return attempts === 1 ? missing("nodemailer")() : import("nodemailer");
    };
    const mailer = createSmtpMailer("smtp://127.0.0.1:1", "noreply@example.com", {
      loadNodemailer: () => loadNodemailer(flaky),
    });
    const error = await mailer.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRefusedError);
    expect((error as Error).message).toBe("nodemailer could not be loaded: Cannot find package 'nodemailer'");
    expect(isRefusedMail(error)).toBe(true);
    // The next send loads it and sends.
    const dir = await mkdtemp(path.join(tmpdir(), "lazy-mail-"));
    try {
      const outbox = createOutboxMailer(
        dir,
        "noreply@example.com",
        () => undefined,
        () => loadNodemailer(flaky),
      );
      const receipt = await outbox.send(mail);
      expect(await readFile(receipt.destination, "utf8")).toContain("Subject: Facture");
      expect(attempts).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses the SMS with the Twilio SDK's load failure, before any request", async () => {
    const sender = new TwilioSmsSender(
      { accountSid: "AC123", authToken: "token", from: "+15145550100", apiBaseUrl: "http://127.0.0.1:1" },
      { loadSdk: () => loadTwilioSdk(missing("twilio")) },
    );
    const error = await sender.send({ to: "514-555-0199", body: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioSdkUnavailableError);
    expect((error as Error).message).toBe("the Twilio SDK could not be loaded: Cannot find package 'twilio'");
    expect(isRefusedSms(error)).toBe(true);
  });

  it("makes the card gateway unavailable (outcome unknown), and verifies no webhook", async () => {
    const gateway = createStripeGateway(
      { secretKey: "sk_test_x", webhookSecret: "whsec_x", apiBaseUrl: undefined },
      () => loadStripeSdk(missing("stripe")),
    );
    const expected = "the Stripe SDK could not be loaded: Cannot find package 'stripe'";
    await expect(gateway.retrievePaymentIntent("pi_1")).rejects.toThrow(new PaymentGatewayUnavailableError(expected));
    await expect(gateway.constructEvent("{}", "t=1,v1=x")).rejects.toBeInstanceOf(PaymentGatewayUnavailableError);
  });

  it("renders no PDF and says pdfkit is missing; the next render loads it", async () => {
    const error = await loadPdfKit(missing("pdfkit")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfRendererUnavailableError);
    expect((error as Error).message).toBe(
      "pdfkit could not be loaded, so no PDF can be rendered: Cannot find package 'pdfkit'",
    );
    const PDFDocument = await loadPdfKit();
    expect(typeof PDFDocument).toBe("function");
  });
});

import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { createTranslator } from "use-intl/core";
import type { Database } from "../db/client";
import { customerLanguage, portalRecipientByEmail } from "../services/portal/account-contacts";
import type { Mailer } from "../integrations/mail/mailer";
import { countSignInAttempt, type AttemptLimit } from "../services/auth/sign-in-attempts";
import { CLIENT_ADDRESS_HEADER } from "../web/front-door";
import { messagesFor } from "../../i18n/catalog";
import { localeOfHeaders, type Locale } from "../../i18n/request-locale";
import { addressBucket } from "./sign-in-guard";

/** Magic links, password resets and email changes: valid 15 minutes, consumed on first use. */
export const MAIL_LINK_SECONDS = 15 * 60;

/**
 * Each request sends an email: limited per client address and per address asked for, so that
 * nobody can flood a customer's mailbox or our mail server. Unknown addresses count the same as
 * known ones, so the refusal reveals nothing about which addresses have an account.
 */
export const MAIL_LINK_LIMITS = {
  perAddress: { max: 20, windowSeconds: 15 * 60 },
  perAccount: { max: 3, windowSeconds: 15 * 60 },
} as const;

const MAIL_LINK_PATHS = new Set(["/sign-in/magic-link", "/request-password-reset"]);

/** Where the links land: fixed here, never the callback a request names. */
export const PORTAL_HOME = "/portal";
export const PORTAL_SIGN_IN = "/portal/sign-in";
export const PORTAL_RESET = "/portal/reset-password";
export const PORTAL_ACCOUNT = "/portal/account";

type Translate = (key: string, params?: Record<string, string | number>) => string;

function translator(locale: Locale): Translate {
  return createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;
}

function emailOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : "";
}

/** The rate limit on link requests, for the customer realm. */
export function mailLinkGuard(db: Database): BetterAuthPlugin {
  return {
    id: "mail-link-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => MAIL_LINK_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const headers = ctx.request?.headers ?? ctx.headers;
            if (!headers) return;
            const address = headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
            const limits: AttemptLimit[] = [
              { key: `customer:mail-link:ip:${addressBucket(address)}`, ...MAIL_LINK_LIMITS.perAddress },
              { key: `customer:mail-link:account:${emailOf(ctx.body)}`, ...MAIL_LINK_LIMITS.perAccount },
            ];
            const verdict = await countSignInAttempt(db, limits, new Date());
            if (verdict.allowed) return;
            const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
            throw new APIError(
              "TOO_MANY_REQUESTS",
              {
                code: "TOO_MANY_LINK_REQUESTS",
                message: translator(localeOfHeaders(headers))("portalAccount.errors.tooManyLinks", { minutes }),
                retryAfterSeconds: verdict.retryAfterSeconds,
              },
              { "Retry-After": String(verdict.retryAfterSeconds) },
            );
          }),
        },
      ],
    },
  };
}

function withSearch(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) parsed.searchParams.set(name, value);
  return parsed.toString();
}

/**
 * The emails of the customer realm, sent straight through the mailer (not the outbound ledger:
 * the ledger keeps each message's text, and a working sign-in link must not sit in the database).
 */
export function customerMailSenders(db: Database, mailer: Mailer, baseUrl: string) {
  return {
    /** Sent only when the address has an account; the answer to the request is the same either way. */
    async sendMagicLink({ email, url }: { email: string; url: string }) {
      const recipient = await portalRecipientByEmail(db, email);
      if (!recipient) return;
      const t = translator(recipient.language);
      const link = withSearch(url, { callbackURL: PORTAL_HOME, errorCallbackURL: PORTAL_SIGN_IN });
      await mailer.send({
        to: email,
        subject: t("portalAccount.mail.magicLinkSubject"),
        text: t("portalAccount.mail.magicLinkText", { name: recipient.name, url: link }),
      });
    },
    async sendResetPassword({
      user,
      token,
    }: {
      user: { email: string; name: string; customerId?: unknown };
      token: string;
    }) {
      const language = await customerLanguage(db, Number(user.customerId));
      const t = translator(language);
      const link = `${baseUrl}${PORTAL_RESET}?token=${encodeURIComponent(token)}`;
      await mailer.send({
        to: user.email,
        subject: t("portalAccount.mail.resetSubject"),
        text: t("portalAccount.mail.resetText", { name: user.name, url: link }),
      });
    },
    /** The change-email link goes to the new address (user.email here is the new one). */
    async sendChangeEmailLink({
      user,
      url,
    }: {
      user: { email: string; name: string; customerId?: unknown };
      url: string;
    }) {
      const language = await customerLanguage(db, Number(user.customerId));
      const t = translator(language);
      const link = withSearch(url, { callbackURL: `${PORTAL_ACCOUNT}?emailChanged=1` });
      await mailer.send({
        to: user.email,
        subject: t("portalAccount.mail.changeEmailSubject"),
        text: t("portalAccount.mail.changeEmailText", { name: user.name, url: link }),
      });
    },
  };
}

import { leafParts, parseMime, type FakeSmtpServer, type ReceivedMail } from "../fakes/smtp-server";

/** Every leaf part of a received mail, decoded and joined: what a reader would see, text and HTML alike. */
export function mailText(mail: ReceivedMail): string {
  return leafParts(parseMime(mail.raw))
    .map((part) => part.body.toString("utf8"))
    .join("\n");
}

/** The mail's Subject header, decoded. */
export const mailSubject = (mail: ReceivedMail): string => parseMime(mail.raw).headers.get("subject") ?? "";

/**
 * The first mail the fake server received from index `since` on (take `smtp.messages.length`
 * before the action that sends it) that `matches`, waiting for it: the product sends after it
 * answered the browser, so the mail can land a moment later.
 */
export async function waitForMail(
  smtp: FakeSmtpServer,
  matches: (mail: ReceivedMail) => boolean,
  options: { since?: number; timeoutMs?: number; what?: string } = {},
): Promise<ReceivedMail> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const mail = smtp.messages.slice(options.since ?? 0).find(matches);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail ${options.what ?? "matching"} arrived`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first link in a mail (the magic link, a confirmation link), as path and query to open on the test's server. */
export function firstLinkPath(mail: ReceivedMail): string {
  const text = mailText(mail);
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

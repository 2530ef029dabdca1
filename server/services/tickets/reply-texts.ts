/** What a customer receives when staff answer their ticket by email, in the customer's language. */
export function ticketReplyEmail(input: {
  language: "fr" | "en";
  ticketId: number;
  subject: string;
  body: string;
  providerName: string;
  portalUrl: string;
  isFirst: boolean;
}): { subject: string; text: string } {
  const { language, ticketId, body, providerName, portalUrl } = input;
  // The reference in the subject lets an answer find its ticket even when a mail client drops the headers.
  const subject = `${input.isFirst ? "" : "Re: "}[#${ticketId}] ${input.subject}`;
  const footer =
    language === "en"
      ? [
          "—",
          `${providerName} support. Reply to this email to answer, or follow your request in your customer portal:`,
          portalUrl,
        ]
      : [
          "—",
          `Soutien ${providerName}. Répondez à ce courriel pour nous écrire, ou suivez votre demande dans votre portail client :`,
          portalUrl,
        ];
  return { subject, text: [body, "", ...footer].join("\n") };
}

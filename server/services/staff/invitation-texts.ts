/** The invitation email, in the invited person's language (staff_users.language), not the admin's. */
export type InvitationLocale = "fr" | "en";

export function invitationEmail(input: {
  locale: InvitationLocale;
  name: string;
  invitedBy: string;
  url: string;
  providerName: string;
  validHours: number;
}): { subject: string; text: string } {
  const { name, invitedBy, url, providerName, validHours } = input;
  if (input.locale === "en") {
    return {
      subject: `Your Fibre Ops account — ${providerName}`,
      text: [
        `Hello ${name},`,
        "",
        `${invitedBy} created a Fibre Ops account for you at ${providerName}.`,
        "Open this link to choose your password; your account is active as soon as you have:",
        "",
        url,
        "",
        `The link works once and for ${validHours} hours. If it has expired, ask an administrator to send a new one.`,
      ].join("\n"),
    };
  }
  return {
    subject: `Votre compte Fibre Ops — ${providerName}`,
    text: [
      `Bonjour ${name},`,
      "",
      `${invitedBy} vous a créé un compte Fibre Ops chez ${providerName}.`,
      "Ouvrez ce lien pour choisir votre mot de passe ; votre compte est actif dès que c'est fait :",
      "",
      url,
      "",
      `Le lien fonctionne une seule fois, pendant ${validHours} heures. S'il a expiré, demandez-en un nouveau à un administrateur.`,
    ].join("\n"),
  };
}

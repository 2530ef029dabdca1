/**
 * The carrier keywords an inbound SMS may be. Twilio answers them itself (and, after an opt-out,
 * refuses to send to that number until an opt-in), so we answer nothing and only record the
 * choice. The message is the keyword alone, in any case, with or without accents or trailing
 * punctuation: "Stop", "arrêt.", "ARRET" opt out; a sentence that contains "stop" does not.
 * YES is left out on purpose: it is Twilio's opt-in word too, but a customer answering an
 * appointment reminder says YES to confirm the visit, not to change a consent.
 */
export type SmsKeyword = "opt-out" | "opt-in";

const OPT_OUT = new Set(["STOP", "STOPALL", "ARRET", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const OPT_IN = new Set(["START", "UNSTOP"]);

export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .trim()
    .replace(/[.!]+$/, "")
    .toUpperCase();
  if (OPT_OUT.has(word)) return "opt-out";
  if (OPT_IN.has(word)) return "opt-in";
  return null;
}

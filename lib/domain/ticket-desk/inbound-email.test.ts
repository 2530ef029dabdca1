import { describe, expect, it } from "vitest";
import {
  attachmentVerdict,
  isAutomaticReply,
  droppedAttachmentNote,
  messageIdsIn,
  normalizeEmailAddress,
  subjectTicketRef,
  threadReferences,
  trimQuotedReply,
} from "./inbound-email";
import { MESSAGE_MAX_CHARS } from "./workflow";

describe("messageIdsIn and threadReferences", () => {
  it.each<[string | null, string[]]>([
    ["<a@x.test>", ["<a@x.test>"]],
    ["  <a@x.test>\r\n <b@x.test> <a@x.test>", ["<a@x.test>", "<b@x.test>"]],
    ["<a@x.test> (comment) garbage <b@y.test>", ["<a@x.test>", "<b@y.test>"]],
    ["no angle brackets@x.test", []],
    ["<with space@x.test>", []],
    [null, []],
  ])("%j → %j", (header, expected) => {
    expect(messageIdsIn(header)).toEqual(expected);
  });

  it("puts what the mail answers first, then the thread newest first", () => {
    expect(threadReferences("<c@x>", "<a@x> <b@x> <c@x>")).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
    expect(threadReferences(null, "<a@x> <b@x>")).toEqual(["<b@x>", "<a@x>"]);
    expect(threadReferences(undefined, undefined)).toEqual([]);
  });

  it("looks at no more than twenty references", () => {
    const many = Array.from({ length: 50 }, (_, i) => `<m${i}@x>`).join(" ");
    const refs = threadReferences(null, many);
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe("<m49@x>");
  });
});

describe("subjectTicketRef", () => {
  it.each<[string, number | null]>([
    ["[#12345] Panne", 12345],
    ["Re: [#42] Pas d'internet", 42],
    ["RE: TR: [#7] Facture", 7],
    ["Re: [# 8] spaced", 8],
    ["Fwd: [#9] newer Re: [#3] older", 9],
    ["#12345 without brackets", null],
    ["[12345] without hash", null],
    ["[#0] zero", null],
    ["[#99999999999] past an integer id", null],
    ["", null],
  ])("%j → %s", (subject, expected) => {
    expect(subjectTicketRef(subject)).toBe(expected);
  });
});

describe("normalizeEmailAddress", () => {
  it.each<[string | null, string | null]>([
    ["  Marie.Tremblay@Exemple.QC.ca ", "marie.tremblay@exemple.qc.ca"],
    ["a+tag@x.test", "a+tag@x.test"],
    ["Marie <marie@x.test>", null],
    ["no-at-sign", null],
    ["two@@x.test", null],
    ["nodot@localhost", null],
    ["", null],
    [null, null],
  ])("%j → %j", (address, expected) => {
    expect(normalizeEmailAddress(address)).toBe(expected);
  });
});

describe("trimQuotedReply", () => {
  it.each<[string, string, string]>([
    ["plain text stays", "Bonjour,\nmon modem clignote.", "Bonjour,\nmon modem clignote."],
    [
      "Gmail, English",
      "Still down.\n\nOn Mon, Dec 7, 2026 at 10:02 AM Fibre Démo <support@fibre.test> wrote:\n> Did you restart it?\n",
      "Still down.",
    ],
    [
      "Gmail wraps the header over two lines",
      "Yes it works now\n\nOn Mon, Dec 7, 2026 at 10:02 AM Fibre Démo Support <\nsupport@fibre.test> wrote:\n> Try again\n",
      "Yes it works now",
    ],
    [
      "French client",
      "Merci, c'est réglé.\r\n\r\nLe lun. 7 déc. 2026 à 10 h 02, Fibre Démo <support@fibre.test> a écrit :\r\n> Avez-vous redémarré ?\r\n",
      "Merci, c'est réglé.",
    ],
    [
      "Outlook header block",
      "Toujours en panne.\n\nDe : Fibre Démo <support@fibre.test>\nEnvoyé : 7 décembre 2026 10:02\nÀ : moi@x.test\nObjet : [#12] Panne\n\nAvez-vous redémarré ?",
      "Toujours en panne.",
    ],
    [
      "Outlook in English with bold markers",
      "Done.\n\n*From:* Support <support@fibre.test>\n*Sent:* Monday\n*Subject:* [#12]\nOld text",
      "Done.",
    ],
    ["Original Message separator", "OK\n-----Original Message-----\nFrom: x\nold", "OK"],
    ["signature delimiter", "See the photo.\n-- \nMarie Tremblay\n514 555-0101", "See the photo."],
    ["trailing quote without a header", "Answer here\n\n> old line 1\n> old line 2\n", "Answer here"],
    [
      "an answer between quotes keeps the quotes",
      "> Is the light red?\nYes, red.\n> Since when?\nSince Monday.",
      "> Is the light red?\nYes, red.\n> Since when?\nSince Monday.",
    ],
    [
      "a line that only starts with From is not a header",
      "From: the basement the signal is weak.\nThanks",
      "From: the basement the signal is weak.\nThanks",
    ],
    ["all quote: the whole text is kept", "> only a quote\n> nothing new", "> only a quote\n> nothing new"],
    ["empty", "", ""],
  ])("%s", (_name, text, expected) => {
    expect(trimQuotedReply(text)).toBe(expected);
  });

  it("cuts a text longer than a ticket message and marks the cut", () => {
    const body = trimQuotedReply("x".repeat(MESSAGE_MAX_CHARS + 50));
    expect(body).toHaveLength(MESSAGE_MAX_CHARS);
    expect(body.endsWith("…")).toBe(true);
  });
});

describe("attachmentVerdict", () => {
  const bytes = (text: string, pad = 0) => new Uint8Array([...Buffer.from(text, "latin1"), ...new Uint8Array(pad)]);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
  const limits = { maxBytes: 100, maxCount: 2 };

  it.each<[string, Uint8Array, number, ReturnType<typeof attachmentVerdict>]>([
    ["a JPEG", jpeg, 0, { keep: true, contentType: "image/jpeg", extension: "jpg" }],
    ["a PDF", bytes("%PDF-1.7\n"), 1, { keep: true, contentType: "application/pdf", extension: "pdf" }],
    ["a GIF", bytes("GIF89a"), 0, { keep: true, contentType: "image/gif", extension: "gif" }],
    ["a HEIC photo", bytes("\0\0\0\x18ftypheic"), 0, { keep: true, contentType: "image/heic", extension: "heic" }],
    ["a Windows program", bytes("MZ\x90\0"), 0, { keep: false, reason: "type" }],
    ["a zip archive", bytes("PK\x03\x04"), 0, { keep: false, reason: "type" }],
    ["an empty file", new Uint8Array(), 0, { keep: false, reason: "type" }],
    ["a PDF over the size cap", bytes("%PDF-1.7\n", 100), 0, { keep: false, reason: "size" }],
    ["a third file past the count cap", jpeg, 2, { keep: false, reason: "count" }],
  ])("%s", (_name, file, index, expected) => {
    expect(attachmentVerdict(file, index, limits)).toEqual(expected);
  });

  it("names the dropped file, its size and why, in French and English", () => {
    expect(droppedAttachmentNote("video.mov", 30 * 1024 * 1024, "size")).toBe(
      "[Pièce jointe non conservée / Attachment not kept: video.mov (30.0 MB) — trop volumineux / too large]",
    );
    expect(droppedAttachmentNote("setup.exe", 1500, "type")).toContain("(2 KB) — type de fichier non accepté");
  });
});

describe("isAutomaticReply", () => {
  const none = { autoSubmitted: null, precedence: null, xAutoreply: null, xAutoResponseSuppress: null };
  it.each([
    { name: "a person's mail", headers: none, want: false },
    { name: "Auto-Submitted: auto-replied", headers: { ...none, autoSubmitted: "auto-replied" }, want: true },
    {
      name: "Auto-Submitted: auto-generated (bounce)",
      headers: { ...none, autoSubmitted: "Auto-Generated" },
      want: true,
    },
    { name: "Auto-Submitted: no", headers: { ...none, autoSubmitted: "no" }, want: false },
    { name: "Auto-Submitted: no with a comment", headers: { ...none, autoSubmitted: "no (typed)" }, want: false },
    { name: "Precedence: bulk", headers: { ...none, precedence: "bulk" }, want: true },
    { name: "Precedence: auto_reply", headers: { ...none, precedence: " Auto_Reply " }, want: true },
    { name: "Precedence: first-class", headers: { ...none, precedence: "first-class" }, want: false },
    { name: "X-Autoreply: yes", headers: { ...none, xAutoreply: "yes" }, want: true },
    {
      name: "Exchange's OOF suppression",
      headers: { ...none, xAutoResponseSuppress: "DR, OOF, AutoReply" },
      want: true,
    },
    { name: "Exchange's All", headers: { ...none, xAutoResponseSuppress: "All" }, want: true },
    { name: "Exchange's read receipts only", headers: { ...none, xAutoResponseSuppress: "RN, NRN" }, want: false },
  ])("$name", ({ headers, want }) => {
    expect(isAutomaticReply(headers)).toBe(want);
  });
});

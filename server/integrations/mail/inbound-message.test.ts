import { describe, expect, it } from "vitest";
import MailComposer, { type MailComposerOptions } from "nodemailer/lib/mail-composer";
import { decodeHeaderText, htmlToText, parseRawEmail } from "./inbound-message";

/** The bytes nodemailer would put on the wire for these options. */
const compose = (options: MailComposerOptions): Promise<Buffer> => new MailComposer(options).compile().build();

describe("parseRawEmail on messages nodemailer composes", () => {
  it("reads the sender, ids, an accented subject and a UTF-8 text", async () => {
    const raw = await compose({
      from: '"Hélène Côté" <Helene.Cote@Exemple.test>',
      to: "support@fibre.test",
      subject: "Re: [#42] Pas d'internet depuis ce matin — modem éteint",
      text: "Bonjour, le voyant est rouge. Ça ne marche toujours pas.\n\nMerci",
      messageId: "<abc.123@exemple.test>",
      inReplyTo: "<ticket-42.x@fibre.test>",
      references: ["<ticket-42.w@fibre.test>", "<ticket-42.x@fibre.test>"],
    });
    const message = parseRawEmail(raw);
    // nodemailer lowercases the domain as it composes; the local part is kept as written.
    expect(message.from).toEqual({ address: "Helene.Cote@exemple.test", name: "Hélène Côté" });
    expect(message.messageId).toBe("<abc.123@exemple.test>");
    expect(message.inReplyTo).toBe("<ticket-42.x@fibre.test>");
    expect(message.references).toBe("<ticket-42.w@fibre.test> <ticket-42.x@fibre.test>");
    expect(message.subject).toBe("Re: [#42] Pas d'internet depuis ce matin — modem éteint");
    // The single-part body ends with the line break that closes the message.
    expect(message.text).toBe("Bonjour, le voyant est rouge. Ça ne marche toujours pas.\n\nMerci\n");
    expect(message.attachments).toEqual([]);
  });

  it("takes the text of a text+HTML message and keeps its attachments with their names", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(5000, 7)]);
    const raw = await compose({
      from: "client@exemple.test",
      to: "support@fibre.test",
      subject: "Facture",
      text: "Voir la facture jointe.",
      html: "<p>Voir la <b>facture</b> jointe.</p>",
      attachments: [
        { filename: "facture de décembre.pdf", content: pdf, contentType: "application/pdf" },
        { filename: "notes.txt", content: "quelques notes", contentType: "text/plain" },
      ],
    });
    const message = parseRawEmail(raw);
    expect(message.text).toBe("Voir la facture jointe.");
    expect(message.attachments.map((a) => [a.fileName, a.declaredType])).toEqual([
      ["facture de décembre.pdf", "application/pdf"],
      ["notes.txt", "text/plain"],
    ]);
    expect(message.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(message.attachments[1]!.content.toString()).toBe("quelques notes");
  });

  it("reduces an HTML-only message to its text", async () => {
    const raw = await compose({
      from: "client@exemple.test",
      subject: "HTML",
      html: "<html><head><style>p{}</style></head><body><p>Ligne 1 &amp; fin</p><div>Ligne&nbsp;2</div></body></html>",
    });
    expect(parseRawEmail(raw).text).toBe("Ligne 1 & fin\nLigne 2");
  });

  it("has no Message-ID to give when the message carries none", () => {
    const raw = Buffer.from("From: a@x.test\r\nSubject: hi\r\n\r\nbody\r\n");
    expect(parseRawEmail(raw)).toMatchObject({ messageId: null, subject: "hi", text: "body\n" });
  });
});

describe("parseRawEmail on hand-written MIME", () => {
  it("decodes a Latin-1 quoted-printable body and an ISO-8859-1 encoded-word subject", () => {
    const raw = Buffer.concat([
      Buffer.from(
        "From: =?ISO-8859-1?Q?Andr=E9?= <andre@x.test>\r\n" +
          "Subject: =?iso-8859-1?q?Probl=E8me?= =?iso-8859-1?q?_de_r=E9seau?=\r\n" +
          "Message-ID: <q@x.test>\r\n" +
          "Content-Type: text/plain; charset=iso-8859-1\r\n" +
          "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
          "Le r=E9seau est en panne depuis une tr=\r\nes longue p=E9riode.\r\n",
      ),
    ]);
    const message = parseRawEmail(raw);
    expect(message.from).toEqual({ address: "andre@x.test", name: "André" });
    expect(message.subject).toBe("Problème de réseau");
    expect(message.text).toBe("Le réseau est en panne depuis une tres longue période.\n");
  });

  it("reads raw 8-bit UTF-8 headers and bodies", () => {
    const raw = Buffer.from(
      "From: Zoé <zoe@x.test>\nSubject: Déjà vu\nContent-Type: text/plain; charset=utf-8\n\nÇa va\n",
    );
    expect(parseRawEmail(raw)).toMatchObject({ subject: "Déjà vu", text: "Ça va\n", from: { name: "Zoé" } });
  });

  it("joins the text parts Apple Mail writes around an inline picture, and keeps the picture", () => {
    const raw = Buffer.from(
      [
        "From: a@x.test",
        'Content-Type: multipart/mixed; boundary="B1"',
        "",
        "preamble",
        "--B1",
        "Content-Type: text/plain",
        "",
        "before",
        "--B1",
        "Content-Type: image/png; name=photo.png",
        "Content-Disposition: inline; filename=photo.png",
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString("base64"),
        "--B1",
        "Content-Type: text/plain",
        "",
        "after",
        "--B1--",
        "epilogue",
      ].join("\r\n"),
    );
    const message = parseRawEmail(raw);
    expect(message.text).toBe("before\nafter");
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({ fileName: "photo.png", declaredType: "image/png" });
    expect([...message.attachments[0]!.content]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("never lets a file name be a path", () => {
    const raw = Buffer.from(
      'From: a@x.test\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="../../etc/passwd"\r\n\r\n%PDF-\r\n--b--\r\n',
    );
    expect(parseRawEmail(raw).attachments[0]!.fileName).toBe(".._.._etc_passwd");
  });
});

describe("decodeHeaderText and htmlToText", () => {
  it.each<[string, string]>([
    ["=?UTF-8?B?w4dh?=", "Ça"],
    ["=?utf-8?Q?caf=C3=A9?= =?utf-8?Q?_cr=C3=A8me?=", "café crème"],
    ["plain", "plain"],
    ["=?unknown-charset?Q?x=E9?=", "xé"],
  ])("%j → %j", (value, expected) => {
    expect(decodeHeaderText(value)).toBe(expected);
  });

  it("drops scripts and decodes numeric entities", () => {
    expect(htmlToText("<script>alert(1)</script>A&#233;&#x41;<br>B")).toBe("AéA\nB");
  });
});

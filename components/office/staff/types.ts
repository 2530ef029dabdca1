/** What a staff-administration form shows after its action: a sentence, in the reader's language. */
export type StaffFormState = { ok: true; message: string } | { ok: false; error: string } | null;

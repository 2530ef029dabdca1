/**
 * Phone numbers as Twilio wants them (E.164). Customers type Quebec numbers every way
 * ("450 555-0101", "(450) 555-0101", "1-450-555-0101"): ten digits get +1, eleven starting
 * with 1 get +. Anything else must already be written with its country code.
 */
export class InvalidPhoneNumberError extends Error {
  constructor(public readonly input: string) {
    super(
      `"${input}" is not a phone number we can text: use 10 digits (450 555-0101) or the international form (+14505550101)`,
    );
    this.name = "InvalidPhoneNumberError";
  }
}

export function toE164(input: string): string {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) throw new InvalidPhoneNumberError(input);
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) {
    if (digits.length < 8 || digits.length > 15 || digits.startsWith("0")) throw new InvalidPhoneNumberError(input);
    return `+${digits}`;
  }
  // North American numbers: area code and exchange never start with 0 or 1.
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  if (national.length !== 10 || !/^[2-9]\d{2}[2-9]\d{6}$/.test(national)) throw new InvalidPhoneNumberError(input);
  return `+1${national}`;
}

/**
 * What a Wi-Fi name and WPA2 passphrase may be, as IEEE 802.11 and 802.11i define them: an SSID is
 * 1 to 32 bytes (UTF-8 here, so fewer characters when accented), and a passphrase 8 to 63 printable
 * ASCII characters (a 64-character value would be read as a raw hexadecimal key). Control
 * characters are refused in names too: routers and phones show them badly or not at all.
 */

export const SSID_MAX_BYTES = 32;
export const PASSPHRASE_MIN = 8;
export const PASSPHRASE_MAX = 63;

export type SsidProblem = "ssidEmpty" | "ssidTooLong" | "ssidControlCharacters" | "ssidEdgeSpaces";
export type PassphraseProblem = "passphraseLength" | "passphraseCharacters";

export function ssidProblem(ssid: string): SsidProblem | null {
  if (ssid.length === 0) return "ssidEmpty";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(ssid)) return "ssidControlCharacters";
  // Leading or trailing spaces are legal but nearly always a paste mistake that locks every device out.
  if (ssid.trim() !== ssid) return "ssidEdgeSpaces";
  if (new TextEncoder().encode(ssid).length > SSID_MAX_BYTES) return "ssidTooLong";
  return null;
}

export function passphraseProblem(passphrase: string): PassphraseProblem | null {
  if (!/^[\x20-\x7e]*$/.test(passphrase)) return "passphraseCharacters";
  if (passphrase.length < PASSPHRASE_MIN || passphrase.length > PASSPHRASE_MAX) return "passphraseLength";
  return null;
}

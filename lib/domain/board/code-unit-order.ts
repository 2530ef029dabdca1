/**
 * Strings in UTF-16 code-unit order: the same on every replica, browser or server, whatever its
 * locale (`localeCompare` is not), so lists and snapshots two machines sort come out identical.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Runs `next build` only when the sources changed since the last build. */
export function buildIfNeeded(): void;

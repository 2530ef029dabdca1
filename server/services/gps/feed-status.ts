import type { FeedStatus } from "./traccar-feed";

/**
 * The Traccar feed's last reported status, readable from route code (Next's module graph) as
 * well as from server/main.ts, which owns the feed: like processEmitter, kept on globalThis.
 * Null when no Traccar feed is configured.
 */
const KEY = Symbol.for("fibre-ops.traccar-feed-status");
const holder = globalThis as { [KEY]?: FeedStatus | null };

export const traccarFeedStatus = {
  current(): FeedStatus | null {
    return holder[KEY] ?? null;
  },
  update(status: FeedStatus | null): void {
    holder[KEY] = status ? { ...status } : null;
  },
};

import type { FeedStatus } from "./traccar-feed";

/**
 * The Traccar feed's last reported status, for route code (the map's data) and the realtime
 * server; server/main.ts, which owns the feed, updates it. Null when no feed is configured.
 */
export interface FeedStatusCell {
  current(): FeedStatus | null;
  update(status: FeedStatus | null): void;
}

export function createFeedStatusCell(): FeedStatusCell {
  let current: FeedStatus | null = null;
  return {
    current: () => current,
    update(status) {
      current = status ? { ...status } : null;
    },
  };
}

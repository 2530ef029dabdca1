"use client";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";

/**
 * tRPC from the browser, for the few live views that fetch after the page has rendered (the
 * dispatch map). Pages otherwise load on the server; the session cookie authenticates both.
 */
export const browserTrpc = createTRPCClient<AppRouter>({
  links: [httpLink({ url: "/api/trpc", transformer: superjson })],
});

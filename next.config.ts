import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  // Stateful modules must exist once per process: the custom server (server/main.ts)
  // and the route bundles share them through globalThis, and two copies of yjs break
  // its type checks silently. Keep them out of Next's bundles.
  serverExternalPackages: [
    "yjs",
    "@hocuspocus/server",
    "@electric-sql/pglite",
    "pg",
    "pg-copy-streams",
    "socket.io",
    "pg-boss",
    "pdfkit",
    "nodemailer",
    "stripe",
    "twilio",
    "net-snmp",
  ],
  poweredByHeader: false,
  // `npm test` runs tsc --noEmit over the whole repository; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user opens another role's pages.
  experimental: { authInterrupts: true },
};

export default withNextIntl(config);

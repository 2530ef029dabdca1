import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

// Import boundaries (docs: ARCHITECTURE "Layout"). One rule, @typescript-eslint/no-restricted-imports,
// carries them all: ESLint replaces a rule's options per matching config instead of merging
// them, so each area below lists every restriction that applies to it, and the areas are
// ordered from the widest to the narrowest (the last match wins).
const DRIZZLE = {
  regex: "^drizzle-orm(/|$)",
  message:
    "Queries live in server/db and server/services (and seed, collab persistence, tests, bench, scripts): call a service function instead.",
};
const TRPC_SERVER = {
  regex: "^@trpc/server(/|$)",
  message:
    "tRPC's server side belongs to server/trpc, server/routers, app/api/trpc and server/web (the pages' adapter): use callerFor/callerFailure from @/server/web.",
};
const LIB_OUTWARD = {
  regex: "^(@/|(\\.\\.?/)+)(server|app|components)(/|$)",
  message:
    "lib/ runs anywhere and depends on nothing above it: move the code it needs into lib/, or this code out of lib/.",
};
// Components may read types from the server's public contracts only: the Socket.IO contract
// (server/realtime/events) and the tRPC router's type (server/trpc/root, for the typed client).
// Every other server module is refused even for `import type`: shared shapes live in lib/schemas.
const SERVER_CONTRACTS = "(realtime/events|trpc/root)";
const COMPONENTS_TO_SERVER_CONTRACTS = {
  regex: `^(@/|(\\.\\./)+)server/${SERVER_CONTRACTS}$`,
  allowTypeImports: true,
  message:
    "Components may read only types (`import type`) from server/realtime/events and server/trpc/root; they reach the server through server actions handed down as props, or tRPC.",
};
const COMPONENTS_TO_SERVER = {
  regex: `^(@/|(\\.\\./)+)server(/(?!${SERVER_CONTRACTS}$)|$)`,
  message:
    "Components do not import server/, not even types: read shared shapes from lib/schemas (types from server/realtime/events and server/trpc/root are the exceptions).",
};
const COMPONENTS_TO_APP = {
  regex: "^(@/|(\\.\\./)+)app(/|$)",
  message:
    "Components do not import app/: the page imports its server action and hands it to the component as a prop (types in lib/schemas/actions).",
};
const restrict = (...patterns) => ({
  "@typescript-eslint/no-restricted-imports": patterns.length ? ["error", { patterns }] : "off",
});
const DRIZZLE_HOMES = [
  "server/db/**",
  "server/services/**",
  "server/seed/**",
  "server/collab/**",
  "tests/**",
  "bench/**",
  "scripts/**",
  "drizzle.config.ts",
];
const TRPC_SERVER_HOMES = ["server/trpc/**", "server/routers/**", "server/web/**", "app/api/trpc/**", "tests/**"];

const boundaries = [
  { files: ["**/*.{ts,tsx}"], rules: restrict(DRIZZLE, TRPC_SERVER) },
  { files: DRIZZLE_HOMES, rules: restrict(TRPC_SERVER) },
  { files: TRPC_SERVER_HOMES, rules: restrict(DRIZZLE) },
  { files: ["tests/**"], rules: restrict() },
  { files: ["lib/**/*.{ts,tsx}"], rules: restrict(LIB_OUTWARD, DRIZZLE, TRPC_SERVER) },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: restrict(COMPONENTS_TO_SERVER, COMPONENTS_TO_SERVER_CONTRACTS, COMPONENTS_TO_APP, DRIZZLE, TRPC_SERVER),
  },
];

export default tseslint.config(
  { ignores: ["tmp/**", ".next/**", "node_modules/**", ".data/**", "drizzle/**", "next-env.d.ts", "bench/results/**"] },
  js.configs.recommended,
  // Type-aware: no-floating-promises and no-misused-promises matter in code full of background work.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["**/*.test.ts", "tests/**/*.ts"],
    rules: {
      // Vitest types its asymmetric matchers (expect.any, expect.stringContaining, expect.objectContaining...)
      // as `any`, so every `toEqual({ id: expect.any(Number) })` is an "unsafe assignment". The rest of the
      // no-unsafe family (member access, call, argument, return) stays on in tests.
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  ...boundaries,
  // Plain JavaScript (config files, scripts, the service worker) is outside the TypeScript project.
  { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
);

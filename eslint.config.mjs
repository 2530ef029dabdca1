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
  message: "Queries live in server/db and server/services (and seed, collab persistence, tests, bench, scripts): call a service function instead.",
};
const TRPC_SERVER = {
  regex: "^@trpc/server(/|$)",
  message: "tRPC's server side belongs to server/trpc, server/routers, app/api/trpc and server/web (the pages' adapter): use callerFor/callerFailure from @/server/web.",
};
const LIB_OUTWARD = {
  regex: "^(@/|(\\.\\.?/)+)(server|app|components)(/|$)",
  message: "lib/ runs anywhere and depends on nothing above it: move the code it needs into lib/, or this code out of lib/.",
};
const COMPONENTS_TO_SERVER = {
  regex: "^(@/|(\\.\\./)+)server(/|$)",
  allowTypeImports: true,
  message: "Components reach the server through server actions (app/**/actions.ts) or tRPC; only `import type` from server/ is allowed.",
};
const restrict = (...patterns) => ({ "@typescript-eslint/no-restricted-imports": patterns.length ? ["error", { patterns }] : "off" });
const DRIZZLE_HOMES = ["server/db/**", "server/services/**", "server/seed/**", "server/collab/**", "tests/**", "bench/**", "scripts/**", "drizzle.config.ts"];
const TRPC_SERVER_HOMES = ["server/trpc/**", "server/routers/**", "server/web/**", "app/api/trpc/**", "tests/**"];

const boundaries = [
  { files: ["**/*.{ts,tsx}"], rules: restrict(DRIZZLE, TRPC_SERVER) },
  { files: DRIZZLE_HOMES, rules: restrict(TRPC_SERVER) },
  { files: TRPC_SERVER_HOMES, rules: restrict(DRIZZLE) },
  { files: ["tests/**"], rules: restrict() },
  { files: ["lib/**/*.{ts,tsx}"], rules: restrict(LIB_OUTWARD, DRIZZLE, TRPC_SERVER) },
  { files: ["components/**/*.{ts,tsx}"], rules: restrict(COMPONENTS_TO_SERVER, DRIZZLE, TRPC_SERVER) },
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

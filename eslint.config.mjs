import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

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
  // Plain JavaScript (config files, scripts, the service worker) is outside the TypeScript project.
  { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
);

/**
 * The environment of a product process a test starts: the test's own, without the BASE_URL of "/"
 * that Vitest puts there for Vite, which the product would read as its public origin and refuse.
 */
export function productProcessEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { BASE_URL: _viteBase, ...inherited } = process.env;
  return { ...inherited, ...overrides };
}

import type { z } from "zod";

/**
 * Every problem at once, one line each and led by its variable's name, so a deployer fixes
 * the whole environment in one pass instead of restarting once per mistake.
 */
export class InvalidConfigError extends Error {
  readonly problems: string[];

  constructor(error: z.ZodError) {
    const problems = error.issues
      .map((issue) => ({ variable: String(issue.path[0] ?? ""), message: issue.message }))
      // Code-unit order, not localeCompare: the same lines in the same order on every machine.
      .sort((a, b) => (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0))
      .map(({ variable, message }) => (message.startsWith(variable) ? message : `${variable}: ${message}`));
    super(
      `The configuration is refused (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${problems.join("\n")}`,
    );
    this.name = "InvalidConfigError";
    this.problems = problems;
  }
}

/** Cross-field rules only read whether a variable is set, so they are worth running even when a value is malformed. */
export const evenWithFieldErrors = { when: () => true };

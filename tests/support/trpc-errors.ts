import { TRPCError } from "@trpc/server";

/** The TRPCError a call fails with; any other error is rethrown, and success fails the test. */
export async function trpcFailure(work: Promise<unknown>): Promise<TRPCError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

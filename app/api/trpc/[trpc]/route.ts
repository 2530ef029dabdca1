import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/root";
import { createContext } from "@/server/trpc/context";
import { getRuntime } from "@/server/runtime";

async function handler(req: Request) {
  const runtime = await getRuntime();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext(runtime, req.headers),
  });
}

export { handler as GET, handler as POST };

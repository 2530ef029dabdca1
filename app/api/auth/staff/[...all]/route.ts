import { getRuntime } from "@/server/runtime";

async function handler(req: Request) {
  return (await getRuntime()).staffAuth.handler(req);
}

export { handler as GET, handler as POST };

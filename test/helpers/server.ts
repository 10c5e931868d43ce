import type { ApiServer } from "specwright/runtime";

/** Starts an API server on 127.0.0.1 with an ephemeral port; returns its base URL and a stop function. */
export async function startServer(server: ApiServer): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const { url, port } = await server.listen(0, "127.0.0.1");
  return { url, port, stop: () => server.close() };
}

/**
 * A node:http server on 127.0.0.1 that answers each request by a script: for client tests that
 * need a server misbehaving on cue (stalling, resetting, answering 503), which the runtime never does.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Every scripted server still open. */
const openServers = new Set<http.Server>();

/** Closes every scripted server, ending their connections at once (for a test's afterEach). */
export async function closeScriptedServers(): Promise<void> {
  const closing = [...openServers].map((server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  openServers.clear();
  await Promise.all(closing);
}

/**
 * Starts a server that answers request number n (from 1) with `script(n, request, response)`,
 * after putting the request body in flowing mode (its bytes discarded). Resolves with its URL
 * (`http://127.0.0.1:<port>`), the request count so far, and the server.
 */
export async function scripted(script: (n: number, request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<{ url: string; count: () => number; server: http.Server }> {
  let count = 0;
  const server = http.createServer((request, response) => {
    count += 1;
    request.resume();
    script(count, request, response);
  });
  openServers.add(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count, server };
}

/**
 * Issue 16 (found by the soak run's abort storm): every open server-sent-events stream listens on
 * the server's shutdown signal until it ends, so eleven streams at once made Node print
 * MaxListenersExceededWarning ("Possible EventTarget memory leak detected") although nothing leaked.
 */
import { afterEach, expect, it } from "vitest";
import type { ApiServer } from "specwright/runtime";
import { exampleServer } from "../helpers/example.js";

const servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

it("serves 20 event streams at once without a MaxListenersExceededWarning, and close() ends them all", async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  try {
    const server = exampleServer();
    servers.push(server);
    const { url } = await server.listen(0, "127.0.0.1");
    const streams = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/books/changes`, { headers: { accept: "text/event-stream" } })));
    expect(streams.map((response) => response.status)).toEqual(Array(20).fill(200));
    const ended = streams.map(async (response) => {
      const reader = response.body!.getReader();
      while (!(await reader.read()).done);
      return "ended";
    });
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await Promise.all(ended)).toEqual(Array(20).fill("ended"));
    expect(warnings).toEqual([]);
  } finally {
    process.off("warning", onWarning);
  }
});

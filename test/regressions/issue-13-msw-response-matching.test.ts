/**
 * Issue 13: the generated msw.ts carried its own copy of the status → declared response rule and
 * of the event-stream writer, beside the ones in src/wire the runtime and the client use. It now
 * imports both from the client package. A handler told to send a status that only a range or
 * `default` declares gets that response's media type, through MSW in Node.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.1.0
info: { title: Matching, version: 1.0.0 }
paths:
  /things:
    get:
      operationId: getThing
      responses:
        "200":
          description: A thing
          content:
            application/json:
              schema: { type: object, properties: { name: { type: string } } }
        "4XX":
          description: A client error
          content:
            application/problem+json:
              schema: { type: object, properties: { title: { type: string } } }
        default:
          description: Anything else, as text
          content:
            text/plain:
              schema: { type: string }
`;

let work: { path: string; remove: () => Promise<void> };
let server: ReturnType<typeof setupServer>;
let getThingHandler: (response: { status: number; body: unknown }) => Parameters<typeof setupServer>[number];

beforeAll(async () => {
  work = await temporaryFolder("specwright-msw-matching-");
  const out = path.join(work.path, "generated");
  await generate({ spec: await writeSpec(work.path, spec), out, msw: true, emit: "client", typesWorker: false });
  ({ getThingHandler } = (await import(pathToFileURL(path.join(out, "msw.ts")).href)) as { getThingHandler: typeof getThingHandler });
  server = setupServer();
  server.listen({ onUnhandledRequest: "error" });
}, 300_000);
afterAll(async () => {
  server?.close();
  await work?.remove();
});

describe("msw.ts matches a status to its declared response with the wire's rule", () => {
  it("imports the matcher from the client package instead of writing its own", async () => {
    const text = await readFile(path.join(work.path, "generated", "msw.ts"), "utf8");
    expect(text).toMatch(/^import { matchDeclaredStatus\b.* from "specwright\/client";$/m);
    expect(text).not.toContain('mediaTypes["default"]');
  });

  it.each([
    [404, "application/problem+json", '{"title":"Not Found"}', { title: "Not Found" }],
    [503, "text/plain", "down for maintenance", "down for maintenance"],
  ])("sends %i with the media type of the response it falls under (%s)", async (status, contentType, text, body) => {
    server.use(getThingHandler({ status, body }));
    const response = await fetch("https://api.example.test/things");
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(await response.text()).toBe(text);
  });
});

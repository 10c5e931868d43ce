/**
 * Issue 13: the client matched a response status to its declared response in its own way, looking
 * in maps that hold only the responses with headers or date-times; a declared status without them
 * fell through to `default` and got `default`'s header parsing and date revival. One matcher
 * (src/wire/status.ts) now serves the runtime, the client and the fuzzer. Over a real socket.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { matchDeclaredStatus } from "../../src/wire/status.js";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

const spec = `openapi: 3.1.0
info: { title: Matching, version: 1.0.0 }
paths:
  /things:
    get:
      operationId: getThing
      parameters:
        - { name: status, in: query, required: true, schema: { type: integer } }
      responses:
        "200":
          description: A thing; "at" is plain text here
          content:
            application/json:
              schema: { type: object, properties: { at: { type: string } } }
        "4XX":
          description: A client error, with a retry hint
          headers:
            Retry-After: { schema: { type: integer } }
          content:
            application/json:
              schema: { type: object, properties: { at: { type: string } } }
        default:
          description: Anything else, with a rate limit and a time
          headers:
            X-Rate-Limit: { schema: { type: integer } }
          content:
            application/json:
              schema: { type: object, properties: { at: { type: string, format: date-time } } }
`;

let out = "";
let remove: () => Promise<void> = async () => {};
let close: () => Promise<void> = async () => {};
let client: { getThing: (request: unknown) => Promise<{ status: number; body: { at: unknown }; declaredHeaders?: Record<string, unknown> }> };

beforeAll(async () => {
  const temp = await temporaryFolder();
  remove = temp.remove;
  // Inside the repository, so the generated modules resolve ajv-formats and specwright.
  out = path.resolve(".test-output", `issue-13-response-matching-${process.pid}`);
  await generate({ spec: await writeSpec(temp.path, spec), out, dateTime: "date" });
  const routes = await import(pathToFileURL(path.join(out, "routes.ts")).href);
  const at = "2024-03-01T12:00:00.000Z";
  const server = routes.createServer(
    {
      getThing: ({ query }: { query: { status: number } }) => ({
        status: query.status,
        headers: { "x-rate-limit": 7, "retry-after": 3 },
        body: { at: query.status === 200 || query.status === 404 ? at : new Date(at) },
      }),
    },
    { logger: false },
  );
  const { url } = await server.listen(0, "127.0.0.1");
  close = () => server.close();
  client = (await import(pathToFileURL(path.join(out, "client.ts")).href)).createClient({ baseUrl: url });
}, 60_000);
afterAll(async () => {
  await close();
  await rm(out, { recursive: true, force: true });
  await remove();
});

describe("issue 13: one response matcher for the client", () => {
  it("gives a declared status without headers or dates neither default's headers nor default's date revival", async () => {
    const result = await client.getThing({ query: { status: 200 } });
    expect(result.status).toBe(200);
    expect(result.body.at).toBe("2024-03-01T12:00:00.000Z");
    expect(result.declaredHeaders).toBeUndefined();
  });

  it("parses the headers of the range a status falls under, not default's", async () => {
    const result = await client.getThing({ query: { status: 404 } });
    expect(result.declaredHeaders).toEqual({ "Retry-After": 3 });
    expect(result.body.at).toBe("2024-03-01T12:00:00.000Z");
  });

  it("applies default's headers and dates to a status only default covers", async () => {
    const result = await client.getThing({ query: { status: 503 } });
    expect(result.declaredHeaders).toEqual({ "X-Rate-Limit": 7 });
    expect(result.body.at).toBeInstanceOf(Date);
  });

  it("matches exact, then range, then default, whatever order the keys are declared in", () => {
    expect(matchDeclaredStatus(["default", "4XX", "404"], 404)).toBe("404");
    expect(matchDeclaredStatus(["default", "4XX"], 404)).toBe("4XX");
    expect(matchDeclaredStatus(["4XX", "default"], 500)).toBe("default");
    expect(matchDeclaredStatus(["200", "4XX"], 500)).toBeUndefined();
    expect(matchDeclaredStatus([{ status: "2XX" }, { status: "201" }], 201)).toEqual({ status: "201" });
  });
});

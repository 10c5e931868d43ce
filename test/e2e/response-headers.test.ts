import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "specwright/runtime";
import { undiciTransport } from "specwright/client/undici";
import { createClient } from "../../generated/client.js";
import { recordingLogger, startExample } from "../helpers/example.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

function start(override: Parameters<typeof startExample>[1] = {}, logger: Logger | false = false) {
  return startExample(stops, override, logger);
}

/** The raw header lines of a response, as they were on the wire. */
function rawHeaders(url: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (response) => {
      response.resume();
      resolve(response.rawHeaders);
    })
      .on("error", reject)
      .end();
  });
}

describe("declared response headers", () => {
  it("reach the generated client parsed and typed (X-Total-Count is an integer)", async () => {
    const { url, services } = await start();
    services.books.create({ title: "Refactoring", author: "Martin Fowler", year: 1999, genre: "Software Engineering" });
    services.books.create({ title: "Dune", author: "Frank Herbert", year: 1965, genre: "Science Fiction" });
    const client = createClient({ baseUrl: url, transport: undiciTransport() });
    const result = await client.listBooks({ query: { genre: "Software Engineering", limit: 1 } });
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.body).toHaveLength(1);
    const total: number = result.declaredHeaders["X-Total-Count"];
    expect(total).toBe(2);
    expect(result.headers.get("x-total-count")).toBe("2");
  });

  it("answer 500 when a value breaks its schema, and log which header", async () => {
    const logger = recordingLogger();
    const { url } = await start({ listBooks: () => ({ status: 200, body: [], headers: { "X-Total-Count": -1 } }) }, logger);
    const response = await fetch(`${url}/books`);
    expect(response.status).toBe(500);
    expect(response.headers.get("x-total-count")).toBeNull();
    expect(logger.errors.join("\n")).toContain("response headers of listBooks do not match their schemas at /X-Total-Count");
  });

  it("answer 500 when a required one is missing, whatever the case the handler used for others", async () => {
    const logger = recordingLogger();
    const { url } = await start({ exportBooks: () => ({ status: 200, body: "", headers: {} as { "Content-Disposition": string } }) }, logger);
    expect((await fetch(`${url}/books/export`)).status).toBe(500);
    expect(logger.errors.join("\n")).toContain("did not set required header Content-Disposition");
  });

  it("are matched case-insensitively and written once in simple style", async () => {
    const { url } = await start({
      listBooks: () => ({ status: 200, body: [], headers: { "x-total-count": 0, "Set-Cookie": ["a=1", "b=2"] } as unknown as { "X-Total-Count": number } }),
    });
    const lines = await rawHeaders(`${url}/books`);
    const pairs = [];
    for (let index = 0; index < lines.length; index += 2) pairs.push([lines[index]!.toLowerCase(), lines[index + 1]]);
    expect(pairs.filter(([name]) => name === "x-total-count")).toEqual([["x-total-count", "0"]]);
    // Undeclared array headers stay repeated fields, as Set-Cookie needs.
    expect(pairs.filter(([name]) => name === "set-cookie")).toEqual([["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
  });
});

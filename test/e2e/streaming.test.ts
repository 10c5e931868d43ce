import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";
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

/** Waits until `condition` holds, polling every 5 ms (bounded: 2 s). */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error("condition not reached in 2 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("server-sent events (text/event-stream)", () => {
  for (const [name, transport] of [["fetch", undefined], ["undici", undiciTransport()]] as const) {
    it(`delivers typed events to the generated client as they happen (${name})`, async () => {
      const { url, services } = await start();
      const client = createClient({ baseUrl: url, ...(transport ? { transport } : {}) });
      const controller = new AbortController();
      const result = await client.watchBookChanges({}, { signal: controller.signal });
      expect(result.status).toBe(200);
      if (result.status !== 200) return;
      expect(result.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      expect(result.headers.get("cache-control")).toBe("no-cache");
      // Changes made after the stream opened arrive as events, in order.
      setTimeout(() => {
        services.books.create({ title: "Refactoring", author: "Martin Fowler", year: 1999 });
        services.books.delete(1);
      }, 10);
      const received = [];
      for await (const event of result.body) {
        received.push(event);
        if (received.length === 2) break;
      }
      expect(received).toEqual([
        { event: "created", id: "1", data: { kind: "created", bookId: 2, book: { id: 2, title: "Refactoring", author: "Martin Fowler", year: 1999 } } },
        { event: "deleted", id: "2", data: { kind: "deleted", bookId: 1 } },
      ]);
    });
  }

  it("stops the handler's generator (its finally runs) when the client disconnects", async () => {
    let finished = false;
    let yielded = 0;
    const { url } = await start({
      watchBookChanges: () => ({
        status: 200,
        body: (async function* () {
          try {
            for (;;) {
              yielded += 1;
              yield { data: { kind: "deleted" as const, bookId: 1 } };
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          } finally {
            finished = true;
          }
        })(),
      }),
    });
    const text = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(`${url}/books/changes`, (response) => {
        response.setEncoding("utf8");
        response.once("data", (chunk: string) => {
          request.destroy();
          resolve(chunk);
        });
      });
      request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
      request.end();
    });
    expect(text).toBe('data: {"kind":"deleted","bookId":1}\n\n');
    await until(() => finished);
    const afterStop = yielded;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(yielded).toBe(afterStop);
  });

  it("ends an example-style generator through context.signal when the client disconnects", async () => {
    const { url, services } = await start();
    const before = (services.books as unknown as { watch: unknown }).watch;
    let subscribed = 0;
    let unsubscribed = 0;
    services.books.watch = (listener) => {
      subscribed += 1;
      const stop = (before as typeof services.books.watch).call(services.books, listener);
      return () => {
        unsubscribed += 1;
        stop();
      };
    };
    const controller = new AbortController();
    const response = await fetch(`${url}/books/changes`, { signal: controller.signal });
    expect(response.status).toBe(200);
    await until(() => subscribed === 1);
    controller.abort();
    await until(() => unsubscribed === 1);
  });

  it("projects each event's data and drops undeclared properties", async () => {
    const { url } = await start({
      watchBookChanges: () => ({
        status: 200,
        body: [{ data: { kind: "deleted" as const, bookId: 3, secret: "x" } as { kind: "deleted"; bookId: number } }],
      }),
    });
    const response = await fetch(`${url}/books/changes`);
    expect(await response.text()).toBe('data: {"kind":"deleted","bookId":3}\n\n');
  });

  it("ends the stream early, and logs, when an event breaks its schema", async () => {
    const logger = recordingLogger();
    const { url } = await start(
      {
        watchBookChanges: () => ({
          status: 200,
          body: [
            { data: { kind: "deleted" as const, bookId: 3 } },
            { data: { kind: "deleted" as const, bookId: 0 } }, // minimum: 1
            { data: { kind: "deleted" as const, bookId: 4 } },
          ],
        }),
      },
      logger,
    );
    const response = await fetch(`${url}/books/changes`);
    const text = await response.text().catch(() => "aborted");
    expect(text === "aborted" || !text.includes('"bookId":4')).toBe(true);
    expect(text).not.toContain('"bookId":0');
    await until(() => logger.errors.length > 0);
    expect(logger.errors[0]).toContain("event stream of watchBookChanges ended early");
  });
});

describe("streamed bodies", () => {
  it("streams an async generator as a chunked text/csv body with its declared header", async () => {
    const { url, services } = await start();
    services.books.create({ title: 'Gödel, Escher, Bach: an "Eternal" Braid', author: "Douglas Hofstadter", year: 1979, genre: "Science" });
    const client = createClient({ baseUrl: url, transport: undiciTransport() });
    const result = await client.exportBooks();
    expect(result.status).toBe(200);
    expect(result.headers.get("transfer-encoding")).toBe("chunked");
    expect(result.headers.get("content-type")).toBe("text/csv");
    expect(result.headers.get("content-disposition")).toBe('attachment; filename="books.csv"');
    expect(result.body).toBe(
      "id,title,author,year,genre\r\n" +
        "1,Clean Code,Robert C. Martin,2008,Software Engineering\r\n" +
        '2,"Gödel, Escher, Bach: an ""Eternal"" Braid",Douglas Hofstadter,1979,Science\r\n',
    );
  });

  it("streams a Node Readable and a web ReadableStream", async () => {
    for (const make of [
      () => Readable.from(["a,", "b\r\n"]),
      () => new ReadableStream<Uint8Array>({ start(controller) { controller.enqueue(new TextEncoder().encode("a,b\r\n")); controller.close(); } }),
    ]) {
      const { url } = await start({
        exportBooks: () => ({ status: 200, body: make(), headers: { "Content-Disposition": "inline" } }),
      });
      const response = await fetch(`${url}/books/export`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("a,b\r\n");
    }
  });

  it("a generator that fails midway cuts the response short instead of pretending it is complete", async () => {
    const logger = recordingLogger();
    const { url } = await start(
      {
        exportBooks: () => ({
          status: 200,
          headers: { "Content-Disposition": "inline" },
          body: (async function* () {
            yield "id\r\n";
            throw new Error("database went away");
          })(),
        }),
      },
      logger,
    );
    const response = await fetch(`${url}/books/export`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(logger.errors.join("\n")).toContain("failed after the response headers were sent");
  });
});

/**
 * How a call of the generated client ends when it does not end well (issue 15), against the
 * example's generated server on 127.0.0.1, with the fetch and the undici transport: a declared
 * error response is a result; a refused connection a NetworkError; a slow answer a TimeoutError
 * (a NetworkError too); an undeclared status an UnexpectedResponseError; an argument that cannot
 * be sent an InvalidRequestError, with nothing sent; a call's AbortSignal rejects it with the
 * signal's reason and aborts the handler's `context.signal` on the server. Every client error is
 * a ClientError.
 */
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ClientError, InvalidRequestError, NetworkError, TimeoutError, UnexpectedResponseError, type Transport } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";
import { HttpError } from "specwright/runtime";
import { createClient } from "../../generated/client.js";
import { startExample } from "../helpers/example.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

/** The URL of a port nothing listens on any more: connections to it are refused. */
async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Resolves once `signal` aborts. */
const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

const transports: [string, () => Transport | undefined][] = [["fetch", () => undefined], ["undici", () => undiciTransport()]];

for (const [name, transport] of transports) {
  const options = () => (transport() ? { transport: transport()! } : {});

  describe(`client errors (${name})`, () => {
    it("returns a declared error response as a result, typed by its status", async () => {
      const { url } = await startExample(stops);
      const client = createClient({ baseUrl: url, ...options() });
      const missing = await client.getBook({ path: { bookId: 999 } });
      expect(missing.status).toBe(404);
      if (missing.status === 404) expect(missing.body.detail).toBe("Book 999 not found");
      const invalid = await client.createBook({ body: { title: "", author: "A", year: 500 } });
      expect(invalid.status).toBe(422);
      if (invalid.status === 422) expect(invalid.body.errors.length).toBeGreaterThan(0);
    });

    it("rejects with a NetworkError, its cause kept, when the connection is refused", async () => {
      const error = await createClient({ baseUrl: await refusedUrl(), ...options() }).getBook({ path: { bookId: 1 } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toBeInstanceOf(ClientError);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect((error as NetworkError).cause).toBeInstanceOf(Error);
    });

    it("rejects with a TimeoutError, a NetworkError, when the answer is late, and the handler sees the request go", async () => {
      let handlerAborted: Promise<void> | undefined;
      const { url } = await startExample(stops, {
        getBook: async (_input, context) => {
          handlerAborted = aborted(context.signal);
          await handlerAborted;
          return { status: 404, body: { type: "about:blank", title: "Not Found", status: 404 } };
        },
      });
      const started = performance.now();
      const error = await createClient({ baseUrl: url, timeout: 100, ...options() }).getBook({ path: { bookId: 1 } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as TimeoutError).timeout).toBe(100);
      expect(performance.now() - started).toBeLessThan(2_000);
      await handlerAborted;
    });

    it("rejects with an UnexpectedResponseError for a status the operation does not declare", async () => {
      const { url } = await startExample(stops, {
        getBook: () => {
          throw new HttpError(418, "I'm a teapot");
        },
      });
      const error = await createClient({ baseUrl: url, ...options() }).getBook({ path: { bookId: 1 } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toBeInstanceOf(ClientError);
      expect((error as UnexpectedResponseError).status).toBe(418);
      expect(JSON.parse((error as UnexpectedResponseError).text)).toMatchObject({ status: 418, detail: "I'm a teapot" });
    });

    it("rejects with an InvalidRequestError before sending a header with a line break", async () => {
      let reached = 0;
      const { url } = await startExample(stops, { getBook: () => ((reached += 1), { status: 200, body: { id: 1, title: "T", author: "A", year: 2000 } }) });
      const client = createClient({ baseUrl: url, ...options() });
      const error = await client.getBook({ path: { bookId: 1 } }, { headers: { "x-note": "a\r\nx-injected: 1" } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toBeInstanceOf(ClientError);
      expect(reached).toBe(0);
    });

    it("rejects with the signal's reason when the call is aborted, and aborts the handler's signal", async () => {
      let handlerAborted: Promise<void> | undefined;
      let handlerStarted!: () => void;
      const started = new Promise<void>((resolve) => (handlerStarted = resolve));
      const { url } = await startExample(stops, {
        getBook: async (_input, context) => {
          handlerAborted = aborted(context.signal);
          handlerStarted();
          await handlerAborted;
          return { status: 404, body: { type: "about:blank", title: "Not Found", status: 404 } };
        },
      });
      const client = createClient({ baseUrl: url, timeout: 10_000, ...options() });
      const controller = new AbortController();
      const call = client.getBook({ path: { bookId: 1 } }, { signal: controller.signal });
      await started;
      const reason = new Error("the user left the page");
      controller.abort(reason);
      await expect(call).rejects.toBe(reason);
      await handlerAborted;

      // A signal aborted before the call: nothing is sent.
      const before = new AbortController();
      before.abort();
      const error = await client.listBooks({}, { signal: before.signal }).catch((caught: unknown) => caught);
      expect((error as Error).name).toBe("AbortError");
    });
  });
}

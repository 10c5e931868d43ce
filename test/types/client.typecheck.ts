/**
 * Type-level promises of the generated client, checked by `tsc` (test/compiler/typecheck.test.ts):
 * every `@ts-expect-error` line must fail to compile, or tsc reports an unused directive.
 * This file is never executed.
 */
import { retries, type Middleware } from "specwright/client";
import { createClient, createCore, exportBooks, getBook, listBooksOperation, watchBookChanges } from "../../generated/client.js";

const client = createClient({ baseUrl: "http://127.0.0.1:3000", middleware: [retries({ retries: 3 })] });

export async function parsedByDefault(): Promise<void> {
  const result = await client.exportBooks();
  if (result.status === 200) {
    const text: string = result.body;
    void text;
  }
}

export async function streamedWhenAsked(): Promise<void> {
  const result = await client.exportBooks({}, { parseAs: "stream" });
  if (result.status === 200) {
    const stream: ReadableStream<Uint8Array> = result.body;
    // @ts-expect-error with parseAs "stream" a 2xx body is a stream, not the parsed text
    const text: string = result.body;
    void stream, text;
  } else {
    // Other statuses are parsed as usual.
    const detail: string | undefined = result.body.detail;
    void detail;
  }
  const events = await client.watchBookChanges({}, { parseAs: "stream", signal: new AbortController().signal });
  if (events.status === 200) {
    const stream: ReadableStream<Uint8Array> = events.body;
    void stream;
  }
}

export async function operationFunctions(): Promise<void> {
  const core = createCore({ baseUrl: "http://127.0.0.1:3000" });
  const book = await getBook(core, { path: { bookId: 1 } });
  if (book.status === 200) {
    const title: string = book.body.title;
    void title;
  }
  // @ts-expect-error getBook requires its path parameters
  await getBook(core, {});
  const streamed = await exportBooks(core, {}, { parseAs: "stream" });
  if (streamed.status === 200) {
    const stream: ReadableStream<Uint8Array> = streamed.body;
    void stream;
  }
  const changes = await watchBookChanges(core);
  if (changes.status === 200) for await (const event of changes.body) void event.data.bookId;
  const method: string = listBooksOperation.method;
  void method;
}

export const refreshOnce: Middleware = {
  onResponse: ({ response, attempt, resend }) => (response.status === 401 && attempt === 0 ? resend() : undefined),
};

// @ts-expect-error retries are a middleware, not a client option
createClient({ baseUrl: "http://127.0.0.1:3000", retry: true });

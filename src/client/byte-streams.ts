/**
 * Response bodies read as they arrive: whole (for parsing), or as a web `ReadableStream` handed to
 * the caller (`parseAs: "stream"`). Browser-safe.
 */

/** Reads every chunk into one byte array. */
export async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/**
 * A web `ReadableStream` over chunks as a transport yields them, pulled one chunk at a time (the
 * stream's backpressure reaches the socket); cancelling the stream ends the iteration, which
 * cancels the response body.
 */
export function readableStreamOf(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * `specwright/client/undici`: the generated client's transport for Node on undici's `request`
 * (keep-alive pools, timeouts, size limits; faster than fetch). Its own entry point, because it
 * imports undici and with it Node built-ins, which a browser bundle of `specwright/client` must
 * never reach.
 */
import { Agent, request as undiciRequest } from "undici";
import { isJsonMediaType, mediaTypeEssence } from "../wire/media-type.js";
import type { Transport } from "../wire/transport.js";

/** Options of {@link undiciTransport}: undici's own limits (RELIABILITY §1.7 client row). */
export interface UndiciTransportOptions {
  /** Time to receive response headers, ms. Default 30 000. */
  headersTimeout?: number;
  /** Time between body chunks, ms. Default 30 000. */
  bodyTimeout?: number;
  /**
   * Largest response body in bytes; larger → undici's ResponseExceededMaxSizeError (code
   * UND_ERR_RES_EXCEEDED_MAX_SIZE), which the client rejects with as the cause of a NetworkError.
   * Default unlimited. It is a limit of undici's dispatcher (its Client, Pool and Agent options),
   * so the transport sends through an Agent of its own that has it; with your own `dispatcher`,
   * set `maxResponseSize` on that dispatcher instead.
   */
  maxResponseSize?: number;
  /** An undici Dispatcher (Agent, Pool) to send through. Default: undici's global dispatcher. */
  dispatcher?: unknown;
}

/**
 * A Node-only transport on `undici.request`: faster than fetch, with undici's timeouts and size
 * limits. Pass it as `createClient({ baseUrl, transport: undiciTransport() })`. Throws Error when
 * given both `maxResponseSize` and a `dispatcher` (the limit belongs on the dispatcher).
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  const headersTimeout = options.headersTimeout ?? 30_000;
  const bodyTimeout = options.bodyTimeout ?? 30_000;
  if (options.maxResponseSize !== undefined && options.dispatcher !== undefined) {
    throw new Error("undiciTransport: maxResponseSize is a limit of undici's dispatcher; set it on yours (new Pool(origin, { maxResponseSize })) instead");
  }
  // undici reads maxResponseSize from its dispatcher's options only (a request option of that name is ignored).
  const dispatcher = options.dispatcher ?? (options.maxResponseSize !== undefined ? new Agent({ maxResponseSize: options.maxResponseSize }) : undefined);
  return async (request) => {
    // One object, filled in place: spreading optional parts costs more than the call's own work.
    const requestOptions: Record<string, unknown> = { method: request.method, headers: request.headers, headersTimeout, bodyTimeout };
    // undici reads Blobs and async iterables too, though its types list only the other bodies.
    if (request.body !== undefined) requestOptions["body"] = request.body;
    if (request.signal) requestOptions["signal"] = request.signal;
    if (dispatcher) requestOptions["dispatcher"] = dispatcher;
    const response = await undiciRequest(request.url, requestOptions as never);
    const headers = new RecordHeaders(response.headers);
    if (request.stream) {
      const source = response.body;
      const stream: AsyncIterable<Uint8Array> = {
        async *[Symbol.asyncIterator]() {
          let finished = false;
          try {
            for await (const chunk of source) yield chunk as Uint8Array;
            finished = true;
          } finally {
            if (!finished) source.destroy();
          }
        },
      };
      return { status: response.statusCode, headers, body: new Uint8Array(0), stream };
    }
    // JSON and text are decoded from undici's own buffer (text()); other bodies are bytes.
    if (isTextual(headers.get("content-type"))) return { status: response.statusCode, headers, body: noBytes, text: await response.body.text() };
    return { status: response.statusCode, headers, body: await response.body.bytes() };
  };
}

/**
 * The WHATWG `Headers` interface over the header record undici returns (lower-case names,
 * repeated fields as arrays), without copying it into a `Headers` object per response, which
 * was a third of the client's own cost. Reads follow the Fetch Standard: `get` joins repeated
 * values with ", ", iteration is sorted by name, `getSetCookie` keeps Set-Cookie fields apart.
 */
class RecordHeaders implements Headers {
  private readonly fields: Record<string, string | string[] | undefined>;

  constructor(fields: Record<string, string | string[] | undefined>) {
    this.fields = fields;
  }

  get(name: string): string | null {
    const value = this.fields[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.fields[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.fields["set-cookie"];
    return value === undefined ? [] : Array.isArray(value) ? [...value] : [value];
  }

  set(name: string, value: string): void {
    this.fields[name.toLowerCase()] = String(value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const current = this.fields[key];
    this.fields[key] = current === undefined ? String(value) : [...(Array.isArray(current) ? current : [current]), String(value)];
  }

  delete(name: string): void {
    delete this.fields[name.toLowerCase()];
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): Generator<[string, string], undefined, unknown> {
    for (const key of Object.keys(this.fields).sort()) {
      if (key === "set-cookie") for (const cookie of this.getSetCookie()) yield [key, cookie];
      else if (this.fields[key] !== undefined) yield [key, this.get(key)!];
    }
  }

  *keys(): Generator<string, undefined, unknown> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): Generator<string, undefined, unknown> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): Generator<[string, string], undefined, unknown> {
    return this.entries();
  }
}

/** The empty `body` of a response whose `text` the transport gives instead (see TransportResponse.text). */
const noBytes = new Uint8Array(0);

/** Whether a response's Content-Type is JSON or `text/*`: what the client reads as text. */
function isTextual(contentType: string | null): boolean {
  if (contentType === null) return false;
  const essence = mediaTypeEssence(contentType);
  return essence !== undefined && (isJsonMediaType(essence) || essence.startsWith("text/"));
}

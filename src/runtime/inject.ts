/**
 * An in-process transport for the generated client (FastAPI's TestClient, Fastify's `inject`):
 * requests go through the server's whole pipeline (documentation endpoints, routing, security,
 * parameter and body parsing, validation, handlers, response filtering) without a socket or a port.
 *
 * Each request is a real `http.IncomingMessage` carrying the body, answered by a real
 * `http.ServerResponse` attached to an in-memory socket; the bytes node:http writes there are
 * read back into a status, headers and a body. So what a test sees is what node:http would have
 * sent: `Content-Length`, `Date`, chunked bodies, no body for HEAD.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { Duplex } from "node:stream";
import type { Transport, TransportRequest, TransportResponse } from "../wire/transport.js";
import type { ApiServer } from "./server.js";

/** What {@link inject} can drive: an {@link ApiServer}, or any node:http request listener. */
export type InjectTarget = Pick<ApiServer, "handle"> | ((request: IncomingMessage, response: ServerResponse) => void);

/** Thrown (as the transport's rejection) when the server destroys the response before finishing it. */
class InjectedConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InjectedConnectionError";
  }
}

/**
 * The in-memory connection: what node:http writes is collected in `received`. Reading from it
 * gives nothing (the request body goes through the IncomingMessage itself).
 */
class InjectedSocket extends Duplex {
  readonly received: Buffer[] = [];
  /** Called after each write, when a streaming request watches the bytes as they come. */
  onWrite: (() => void) | undefined;
  readonly remoteAddress = "127.0.0.1";
  readonly remotePort = 0;
  readonly remoteFamily = "IPv4";
  readonly localAddress = "127.0.0.1";
  readonly localPort = 0;
  readonly encrypted = false;

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received.push(chunk);
    callback();
    this.onWrite?.();
  }

  setTimeout(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: "IPv4", port: this.localPort };
  }
}

/**
 * Returns a client {@link Transport} that serves every request in process with `target`:
 * `createClient({ baseUrl: "http://in-process", transport: inject(server) })`. The server does
 * not need to listen. The request URL's path and query are passed as they are (no dot-segment
 * normalisation), `Host` is taken from the URL, and `Content-Length` is set from the body as
 * fetch would.
 *
 * Rejects with the signal's reason when `request.signal` aborts (the handler's `context.signal`
 * aborts too), with a TypeError for an invalid header, and with an error when the server destroys
 * the response instead of answering.
 */
export function inject(target: InjectTarget): Transport {
  const handle = typeof target === "function" ? target : target.handle;
  return (request) => injectRequest(handle, request);
}

async function injectRequest(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  transportRequest: TransportRequest,
): Promise<TransportResponse> {
  const { signal } = transportRequest;
  if (signal?.aborted) throw signal.reason;
  const bytes = await bodyBytes(transportRequest.body);
  const socket = new InjectedSocket();
  const request = buildRequest(socket, transportRequest, bytes);
  const response = new http.ServerResponse(request);
  response.assignSocket(socket as never);

  return new Promise<TransportResponse>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, result?: TransportResponse): void => {
      if (settled) return;
      settled = true;
      // A streamed body can still be cut short by the signal after the head arrived.
      if (!transportRequest.stream || error !== undefined) signal?.removeEventListener("abort", onAbort);
      // As node:http does after a response: drop an unread request body, then close the
      // connection, which emits `close` on the response (and aborts a handler's context.signal
      // when the response did not finish).
      if (!request.readableEnded) request.resume();
      // After the write callbacks still queued for this tick (destroying now would fail each
      // with an ERR_STREAM_DESTROYED error object, most of inject's own cost).
      if (error === undefined && !transportRequest.stream) process.nextTick(() => socket.destroy());
      else if (error !== undefined) socket.destroy();
      if (error !== undefined) reject(error);
      else resolve(result!);
    };
    let aborted = false;
    const onAbort = (): void => {
      // Like a client that goes away: the request stream fails, the connection closes (which
      // aborts the handler's context.signal), then the call rejects with the signal's reason.
      aborted = true;
      request.destroy();
      socket.destroy();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    if (transportRequest.stream) {
      // Answer as soon as the head is written; the body follows as it is written.
      const body = new StreamedBody(socket, transportRequest.method);
      socket.onWrite = () => {
        if (settled) return body.update();
        const head = body.readHead();
        if (head) settle(undefined, head);
      };
      socket.once("close", () => {
        body.finished = true;
        body.update();
      });
      response.once("finish", () => {
        body.finished = true;
        socket.onWrite?.();
        if (!settled) settle(new InjectedConnectionError("the server finished without a complete response head"));
      });
    }
    response.once("finish", () => {
      if (transportRequest.stream) return;
      try {
        settle(undefined, parseResponse(Buffer.concat(socket.received), transportRequest.method));
      } catch (error) {
        settle(error);
      }
    });
    socket.once("close", () => {
      // Built only when it is the outcome: the socket also closes after every finished response.
      if (!settled) settle(aborted ? signal!.reason : new InjectedConnectionError("the server closed the connection without a complete response"));
    });
    try {
      handle(request, response);
    } catch (error) {
      settle(error);
    }
  });
}

/** A request as node:http's parser would have produced it, with the body queued on the stream. */
function buildRequest(socket: InjectedSocket, transportRequest: TransportRequest, bytes: Buffer | undefined): IncomingMessage {
  const { method, url } = transportRequest;
  const request = new http.IncomingMessage(socket as never);
  const target = requestTarget(url);
  request.method = method.toUpperCase();
  request.url = target.path;
  request.httpVersionMajor = 1;
  request.httpVersionMinor = 1;
  request.httpVersion = "1.1";

  const rawHeaders: string[] = [];
  const present = new Set<string>();
  for (const [name, value] of Object.entries(transportRequest.headers)) {
    http.validateHeaderName(name);
    http.validateHeaderValue(name, value);
    rawHeaders.push(name, value);
    present.add(name.toLowerCase());
  }
  if (!present.has("host") && target.host) rawHeaders.unshift("Host", target.host);
  if (!present.has("content-length") && !present.has("transfer-encoding")) {
    // fetch sends Content-Length for a body, and 0 for a POST or PUT without one.
    if (bytes) rawHeaders.push("Content-Length", String(bytes.length));
    else if (request.method === "POST" || request.method === "PUT") rawHeaders.push("Content-Length", "0");
  }
  request.rawHeaders = rawHeaders;
  request.headers = joinHeaders(rawHeaders);
  const distinct: Record<string, string[]> = {};
  for (let index = 0; index < rawHeaders.length; index += 2) (distinct[rawHeaders[index]!.toLowerCase()] ??= []).push(rawHeaders[index + 1]!);
  request.headersDistinct = distinct;

  if (bytes && bytes.length > 0) request.push(bytes);
  request.push(null);
  request.complete = true;
  return request;
}

/** The request body as one Buffer: text as UTF-8; a Blob or a stream (multipart uploads) read whole. */
async function bodyBytes(body: TransportRequest["body"]): Promise<Buffer | undefined> {
  if (body === undefined) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Node's rules for repeated headers: `set-cookie` a list, `cookie` joined by `; `, the rest by `, `. */
function joinHeaders(rawHeaders: string[]): http.IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    const value = rawHeaders[index + 1]!;
    const previous = headers[name];
    if (name === "set-cookie") headers[name] = [...((previous as string[] | undefined) ?? []), value];
    else if (previous === undefined) headers[name] = value;
    else headers[name] = `${String(previous)}${name === "cookie" ? "; " : ", "}${value}`;
  }
  return headers;
}

/**
 * The origin-form target (path and query, raw) and the authority of a request URL. A URL that is
 * already a path (`/books?limit=1`) is used as it is. The fragment is never sent.
 */
function requestTarget(url: string): { path: string; host: string | undefined } {
  const withoutFragment = url.split("#", 1)[0]!;
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(withoutFragment);
  if (!absolute) return { path: withoutFragment.startsWith("/") ? withoutFragment : `/${withoutFragment}`, host: undefined };
  const rest = absolute[2]!;
  const authority = absolute[1]!.replace(/^[^@]*@/, "");
  return { path: rest.startsWith("/") ? rest : `/${rest}`, host: authority || undefined };
}

/**
 * Reads what node:http wrote: interim 1xx responses are skipped, then the status line, the
 * header fields and the body (chunked transfer coding decoded; none for HEAD, 204 and 304).
 */
function parseResponse(bytes: Buffer, method: string): TransportResponse {
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n\r\n", offset, "latin1");
    if (end === -1) throw new InjectedConnectionError("the server wrote an incomplete response head");
    const lines = bytes.toString("latin1", offset, end).split("\r\n");
    offset = end + 4;
    const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0]!);
    if (!statusLine) throw new InjectedConnectionError(`the server wrote an invalid status line: ${JSON.stringify(lines[0])}`);
    const status = Number(statusLine[1]);
    if (status >= 100 && status < 200 && status !== 101) continue;
    const headers = new Headers();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      // Header values are bytes; node:http writes them as latin1, and fetch exposes them the same way.
      headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    const rest = bytes.subarray(offset);
    let body: Uint8Array;
    if (method.toUpperCase() === "HEAD" || status === 204 || status === 304) body = new Uint8Array(0);
    else if (/(?:^|,)\s*chunked\s*$/i.test(headers.get("transfer-encoding") ?? "")) body = decodeChunked(rest);
    else if (headers.has("content-length")) body = new Uint8Array(rest.subarray(0, Number(headers.get("content-length"))));
    else body = new Uint8Array(rest);
    return { status, headers, body };
  }
}

/** Decodes the chunked transfer coding (RFC 9112 §7.1); trailer fields are ignored. */
function decodeChunked(bytes: Buffer): Uint8Array {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", offset, "latin1");
    if (lineEnd === -1) throw new InjectedConnectionError("the server wrote an incomplete chunked body");
    const size = Number.parseInt(bytes.toString("latin1", offset, lineEnd).split(";", 1)[0]!.trim(), 16);
    if (!Number.isInteger(size) || size < 0) throw new InjectedConnectionError("the server wrote an invalid chunk size");
    if (size === 0) break;
    const start = lineEnd + 2;
    if (start + size > bytes.length) throw new InjectedConnectionError("the server wrote an incomplete chunked body");
    chunks.push(bytes.subarray(start, start + size));
    offset = start + size + 2;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The body of a streamed injected response, decoded as node:http writes it (chunked transfer
 * coding, a Content-Length, or until the end), handed out chunk by chunk. Ending the iteration
 * early closes the in-memory connection, which aborts the handler's `context.signal`.
 */
class StreamedBody {
  finished = false;
  private bytes = Buffer.alloc(0);
  private consumed = 0;
  private mode: "chunked" | "length" | "close" | "none" = "close";
  private remaining = 0;
  private done = false;
  private readonly ready: Buffer[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly socket: InjectedSocket, private readonly method: string) {}

  /** The response head with the body stream, once the whole head (after any 1xx) is written. */
  readHead(): TransportResponse | undefined {
    this.bytes = Buffer.concat(this.socket.received);
    let offset = 0;
    for (;;) {
      const end = this.bytes.indexOf("\r\n\r\n", offset, "latin1");
      if (end === -1) return undefined;
      const head = parseResponse(this.bytes.subarray(offset, end + 4), "HEAD");
      offset = end + 4;
      if (head.status >= 100 && head.status < 200 && head.status !== 101) continue;
      this.consumed = offset;
      const encoding = head.headers.get("transfer-encoding") ?? "";
      if (this.method.toUpperCase() === "HEAD" || head.status === 204 || head.status === 304) this.mode = "none";
      else if (/(?:^|,)\s*chunked\s*$/i.test(encoding)) this.mode = "chunked";
      else if (head.headers.has("content-length")) {
        this.mode = "length";
        this.remaining = Number(head.headers.get("content-length"));
      }
      this.update();
      return { status: head.status, headers: head.headers, body: new Uint8Array(0), stream: this.chunks() };
    }
  }

  /** Decodes what arrived since the last call. */
  update(): void {
    this.bytes = Buffer.concat(this.socket.received);
    const available = this.bytes.subarray(this.consumed);
    if (this.mode === "none") this.done = true;
    else if (this.mode === "length") {
      const take = available.subarray(0, this.remaining);
      if (take.length > 0) this.ready.push(Buffer.from(take));
      this.consumed += take.length;
      this.remaining -= take.length;
      if (this.remaining === 0) this.done = true;
    } else if (this.mode === "close") {
      if (available.length > 0) this.ready.push(Buffer.from(available));
      this.consumed += available.length;
    } else {
      for (;;) {
        const rest = this.bytes.subarray(this.consumed);
        const lineEnd = rest.indexOf("\r\n", 0, "latin1");
        if (lineEnd === -1) break;
        const size = Number.parseInt(rest.toString("latin1", 0, lineEnd).split(";", 1)[0]!.trim(), 16);
        if (size === 0) {
          this.done = true;
          break;
        }
        if (!Number.isInteger(size) || rest.length < lineEnd + 2 + size + 2) break;
        this.ready.push(Buffer.from(rest.subarray(lineEnd + 2, lineEnd + 2 + size)));
        this.consumed += lineEnd + 2 + size + 2;
      }
    }
    if (this.finished) this.done = true;
    this.wake?.();
  }

  private async *chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const next = this.ready.shift();
        if (next) {
          yield new Uint8Array(next);
          continue;
        }
        if (this.done) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      this.socket.destroy();
    }
  }
}

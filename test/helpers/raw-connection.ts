/**
 * Raw HTTP/1.1 over node:net, for requests a client library would normalise or refuse (partial
 * heads, trickled bytes, bodies cut off, pipelining): a connection that records every byte the
 * server sends and when it closed, and a parser for the first response in those bytes.
 */
import net from "node:net";

/** Every connection opened and not yet destroyed by {@link destroyRawConnections}. */
const openSockets = new Set<net.Socket>();

/** Destroys every connection {@link RawConnection.open} made (for a test's afterEach). */
export function destroyRawConnections(): void {
  for (const socket of openSockets) socket.destroy();
  openSockets.clear();
}

/** One HTTP response: status, headers by lower-case name (the last of repeated ones), body as UTF-8. */
export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Parses the first HTTP/1.1 response in `bytes`; undefined while it is incomplete. A body without
 * Content-Length is complete only once the connection closed (`complete`).
 */
export function parseResponse(bytes: Buffer, complete: boolean): ParsedResponse | undefined {
  const end = bytes.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  const length = headers["content-length"];
  if (length !== undefined) {
    if (rest.length < Number(length)) return complete ? { status, headers, body: rest.toString("utf8") } : undefined;
    return { status, headers, body: rest.subarray(0, Number(length)).toString("utf8") };
  }
  return complete ? { status, headers, body: rest.toString("utf8") } : undefined;
}

/** A raw TCP connection that records what the server sends and when it closes. */
export class RawConnection {
  private received: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  readonly openedAt = Date.now();
  closedAt: number | undefined;
  /** Set when the peer reset the connection (RST), which can follow a response. */
  error: Error | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
      this.notify();
    });
    socket.on("error", (error) => {
      this.error = error;
    });
    socket.on("close", () => {
      this.closedAt = Date.now();
      openSockets.delete(socket);
      this.notify();
    });
  }

  /** Connects to 127.0.0.1:`port`; rejects with the connection error (ECONNREFUSED, say). */
  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      openSockets.add(socket);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new RawConnection(socket));
      });
      socket.once("error", (error) => {
        openSockets.delete(socket);
        reject(error);
      });
    });
  }

  /** Bytes received so far. */
  get bytes(): Buffer {
    return this.received;
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  /**
   * Resolves with the next response of a kept-alive or pipelined connection and forgets its bytes,
   * so the following call reads the response after it. Responses must carry Content-Length.
   */
  async nextResponse(timeoutMs = 5000): Promise<ParsedResponse> {
    const response = await this.response(timeoutMs);
    const headEnd = this.received.indexOf("\r\n\r\n") + 4;
    this.received = this.received.subarray(headEnd + Number(response.headers["content-length"] ?? this.received.length - headEnd));
    return response;
  }

  /** Writes unless the connection is gone; resolves when the bytes are flushed (or could not be). */
  write(data: string | Buffer): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.write(data, () => resolve());
    });
  }

  /** Resolves with the first complete response (or what arrived before close); rejects after `timeoutMs`. */
  response(timeoutMs = 5000): Promise<ParsedResponse> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const parsed = parseResponse(this.received, this.closed);
        if (parsed) {
          clearTimeout(timer);
          resolve(parsed);
          return true;
        }
        if (this.closed) {
          clearTimeout(timer);
          reject(new Error(`connection closed without a response (received ${JSON.stringify(this.received.toString("latin1").slice(0, 200))})`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => reject(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
      const waiter = (): void => {
        if (!check()) this.waiters.push(waiter);
      };
      waiter();
    });
  }

  /** Resolves when the server closed the connection; rejects after `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
      const waiter = (): void => {
        if (this.closed) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(waiter);
      };
      waiter();
    });
  }

  /** Resolves once any byte arrived or the connection closed (whichever is first). */
  answeredOrClosed(): Promise<void> {
    return new Promise((resolve) => {
      const waiter = (): void => {
        if (this.received.length > 0 || this.closed) resolve();
        else this.waiters.push(waiter);
      };
      waiter();
    });
  }

  private notify(): void {
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter();
  }
}

/** Sends one complete request on a new connection and returns the response. */
export async function rawRequest(port: number, request: string | Buffer): Promise<ParsedResponse> {
  const connection = await RawConnection.open(port);
  await connection.write(request);
  return connection.response();
}

/** A request with `Connection: close` (unless `keepAlive`) and, when a body is given, its Content-Length. */
export function httpRequest(method: string, target: string, headers: Record<string, string> = {}, body?: string | Buffer, keepAlive = false): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: localhost"];
  if (!keepAlive) lines.push("Connection: close");
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return body === undefined ? head : Buffer.concat([head, Buffer.from(body)]);
}

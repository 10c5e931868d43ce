import http from "node:http";
import cluster from "node:cluster";
import { setMaxListeners } from "node:events";
import net, { type AddressInfo, type Socket } from "node:net";
import os from "node:os";
import type { UploadOptions } from "./body/uploaded-file.js";
import { createCors, type CorsOptions } from "./cors.js";
import { createDocsRoutes, type DocsOptions } from "./docs.js";
import type { Hooks } from "./hooks.js";
import { createDefaultLogger, silentLogger, type Logger } from "./logger.js";
import { closeInStages, connectionOpened, idleFor, requestsInFlight } from "./connections.js";
import { handleRequest, nextRequestId, type Pipeline, type RequestLimits, type RuntimeHandler } from "./pipeline.js";
import { runtimeError, toProblemDetails, truncateForDetail } from "./errors.js";
import { sendProblem } from "./respond.js";
import { compileProxyTrust, type TrustProxy } from "./proxy.js";
import { createCompressor, type CompressionOptions } from "./compression.js";
import type { ApiDefinition } from "./route-definition.js";
import { Router } from "./router.js";
import { missingVerifiers, type SecurityVerifiers } from "./security.js";

/**
 * Timeouts of the node:http server, in milliseconds, each finite by default. The first three are
 * node:http's server options of the same names (Node's http docs); a request that outlasts
 * `headersTimeout` or `requestTimeout` is answered 408 (RFC 9110 §15.5.9).
 */
export interface ServerTimeouts {
  /** Time to receive the complete request headers before 408. Default 60 000 ms (Node's). */
  headersTimeout: number;
  /** Time to receive the complete request before 408. Default 120 000 ms (Fastify's suggestion). */
  requestTimeout: number;
  /** Idle keep-alive time. Default 72 000 ms: above a load balancer's usual 60 s. */
  keepAliveTimeout: number;
  /** After close(), how long in-flight requests may take before their sockets are destroyed. Default 10 000 ms. */
  closeGracePeriod: number;
  /**
   * After close(), how long a keep-alive connection must have been idle before it is ended,
   * rather than ended at once while its client may be writing the next request on it (which
   * that client then sees reset). A client sending requests back to back writes its next one well
   * within this; it gets an answer and `Connection: close`. `0` ends idle connections at once.
   * Default 250 ms.
   */
  closeIdleAfter: number;
}

/** Options of {@link createServer}. */
export interface ServerOptions<Verifiers = SecurityVerifiers> {
  /** One verifier per security scheme the routes use; a missing one is a startup error. */
  security?: Verifiers;
  /**
   * The path every operation, `/openapi.json` and `/docs` are served under (`/api/v1`; `""` or
   * `"/"` for the root). Default: the spec's base path (`api.basePath`, the path of its first
   * server URL). When given, the served document's `servers` becomes `[{ url: basePath }]`, so
   * "Try it out" and clients configured from it agree. Throws Error at startup when it is not a
   * path of plain segments.
   */
  basePath?: string;
  /**
   * Believe the forwarding headers of these proxies (`Forwarded`, RFC 7239; else
   * `X-Forwarded-For`/`-Proto`/`-Host`) for `context.ip`, `context.protocol` and `context.host`:
   * `true` every hop, a hop count (`1`: one proxy in front), or the proxies' addresses and ranges
   * (`["10.0.0.0/8", "loopback"]`). Default `false`: the headers are ignored, since any client can
   * send them. Throws at startup for an address it cannot read.
   */
  trustProxy?: TrustProxy;
  /**
   * Compress responses for clients that accept it (Accept-Encoding: br, gzip, deflate): `true`,
   * or `{ threshold, level }` (bytes, zlib level). Off by default: a proxy in front often does it,
   * and it costs CPU per response. Server-sent events are never compressed.
   */
  compression?: boolean | CompressionOptions;
  /** Request limits; each default is documented on {@link RequestLimits} and in {@link defaultLimits}. */
  limits?: Partial<RequestLimits>;
  /** Where multipart file parts are kept while a request lasts; see {@link UploadOptions}. */
  uploads?: Partial<UploadOptions>;
  /** Largest request header section in bytes before 431. Default 16 384. */
  maxHeaderSize?: number;
  timeouts?: Partial<ServerTimeouts>;
  /**
   * Validate response bodies against their schema (mismatch → 500 and a log line). Default: on
   * unless NODE_ENV is `production`. Undeclared and writeOnly properties are dropped either way.
   */
  validateResponses?: boolean;
  /**
   * What a request body holding a `readOnly` property gets (OpenAPI 3.1 §4.8.24.4): `"reject"`
   * (default) answers 422 with keyword `readOnly` at the property; `"ignore"` removes the
   * property before the handler sees it.
   */
  readOnlyProperties?: "reject" | "ignore";
  /** Log sink; `false` turns logging off. Default: pino, JSON lines on stderr ({@link createDefaultLogger}). */
  logger?: Logger | false;
  /**
   * The bundled OpenAPI document at `openApiPath` (default `/openapi.json`) and Swagger UI at
   * `docsPath` (default `/docs`, its files under `/docs/`), answered before the API routes.
   * On by default when the API definition carries its `document`; `false` turns both off.
   */
  docs?: DocsOptions | false;
  /** CORS; off unless given. See {@link CorsOptions}. */
  cors?: CorsOptions;
  /** Lifecycle hooks, in the order documented on {@link Hooks}. */
  hooks?: Hooks;
}

/** The defaults of {@link RequestLimits}. */
export const defaultLimits: RequestLimits = {
  bodyLimit: 1_048_576,
  maxJsonDepth: 128,
  maxParameterLength: 100,
  maxQueryPairs: 1000,
  rejectUnknownQueryParameters: false,
  maxParts: 1000,
  maxFiles: 10,
  maxFileSize: 1_048_576,
  maxFieldSize: 1_048_576,
  maxFieldNameSize: 100,
  maxPartHeaderPairs: 2000,
};

/** The defaults of {@link ServerTimeouts}. */
export const defaultTimeouts: ServerTimeouts = {
  headersTimeout: 60_000,
  requestTimeout: 120_000,
  keepAliveTimeout: 72_000,
  closeGracePeriod: 10_000,
  closeIdleAfter: 250,
};

/** A running (or ready to run) API server. */
export interface ApiServer {
  /** The underlying node:http server. */
  readonly server: http.Server;
  /** Serves one request; usable with any node:http-compatible server. */
  readonly handle: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  /**
   * Starts listening; resolves with the bound address and the API's base URL (the origin and the
   * base path: `http://127.0.0.1:3000/api/v1`). Default 127.0.0.1, port 0 (ephemeral).
   */
  listen(port?: number, host?: string): Promise<{ port: number; host: string; url: string }>;
  /**
   * Stops accepting connections (later attempts are refused before a request is sent), serves the
   * first request of a connection it had accepted and answers a further request on a kept-alive
   * connection with 503, both with `Connection: close`, lets in-flight requests
   * finish, ends server-sent-event streams (aborting their handlers' `context.signal`), ends
   * keep-alive connections once idle for `timeouts.closeIdleAfter` (not at once: their clients may
   * be writing the next request), and after the grace period destroys what is left. Resolves when the server is
   * closed and deferred tasks have run.
   */
  close(): Promise<void>;
}

/**
 * Creates a node:http server for a generated API: `createServer(api, handlers, options)`.
 * The generated `createServer(handlers, options)` in `generated/routes.ts` binds `api` for you.
 *
 * Throws Error at startup when a handler is missing, a security scheme used by a route has no
 * verifier (fail closed: never an unauthenticated pass), CORS combines `*` with credentials, or `options.docs`
 * has an invalid path. `mutualTLS` schemes are not supported: a requirement that needs one never
 * passes (401), and a warning says so at startup.
 */
export function createServer(api: ApiDefinition, handlers: object, options: ServerOptions<object> = {}): ApiServer {
  const handlerTable = handlers as Record<string, RuntimeHandler>;
  const missingHandlers = api.routes.filter((route) => typeof handlerTable[route.handler] !== "function").map((route) => route.handler);
  if (missingHandlers.length > 0) throw new Error(`no handler for: ${missingHandlers.join(", ")}`);
  const verifiers = (options.security ?? {}) as SecurityVerifiers;
  const missing = missingVerifiers(api.routes, verifiers, api.securitySchemes);
  if (missing.length > 0) throw new Error(`no security verifier for scheme(s): ${missing.join(", ")}; pass them in options.security`);

  const logger = options.logger === false ? silentLogger : options.logger ?? createDefaultLogger();
  const mutualTls = Object.entries(api.securitySchemes).filter(([, scheme]) => scheme.type === "mutualTLS").map(([name]) => name);
  if (mutualTls.length > 0) {
    logger.warn({ schemes: mutualTls }, "mutualTLS is not supported: requirements that need it always answer 401; terminate TLS in front and use another scheme");
  }
  const basePath = normaliseBasePath(options.basePath ?? api.basePath ?? "");
  const pipeline: Pipeline = {
    api,
    router: new Router(api.routes, basePath),
    handlers: handlerTable,
    verifiers,
    limits: { ...defaultLimits, ...options.limits },
    uploads: { directory: os.tmpdir(), memoryThreshold: 65_536, ...options.uploads },
    validateResponses: options.validateResponses ?? process.env["NODE_ENV"] !== "production",
    ignoreReadOnly: options.readOnlyProperties === "ignore",
    logger,
    docs: createDocsRoutes(api, options.docs, basePath, options.basePath !== undefined),
    closing: false,
    shutdown: new AbortController(),
    proxyTrust: compileProxyTrust(options.trustProxy),
    compress: createCompressor(options.compression),
    cors: options.cors
      ? createCors(options.cors, api.routes.flatMap((route) => route.responses.flatMap((response) => response.headers.map((header) => header.name))))
      : undefined,
    hooks: options.hooks ?? {},
    pendingTasks: new Set(),
  };
  // Every open event stream listens on this signal until it ends (stream-response.ts), so more
  // than ten streams at once are normal: no MaxListenersExceededWarning for them.
  setMaxListeners(0, pipeline.shutdown.signal);
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    // handleRequest never rejects (it logs and destroys the response on an unexpected failure),
    // so no catch handler: attaching one costs a promise and a microtask per request.
    void handleRequest(pipeline, request, response);
  };
  const server = http.createServer(
    {
      maxHeaderSize: options.maxHeaderSize ?? 16_384,
      headersTimeout: timeouts.headersTimeout,
      requestTimeout: timeouts.requestTimeout,
      keepAliveTimeout: timeouts.keepAliveTimeout,
      // A shorter checking interval than Node's 30 s, so timeouts fire close to their value.
      connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeout),
    },
    handle,
  );
  // `Expect: 100-continue`: node:http would answer 100 before the request reaches the pipeline;
  // with this listener it does not, and the pipeline sends 100 only once it will read the body.
  server.on("checkContinue", handle);
  // Any other expectation cannot be met (RFC 9110 §10.1.1: 417), answered as problem details.
  server.on("checkExpectation", (request: http.IncomingMessage, response: http.ServerResponse) => {
    request.resume();
    const error = runtimeError("SPW_HTTP_EXPECTATION_FAILED", `Expect ${JSON.stringify(truncateForDetail(String(request.headers.expect)))} cannot be met; only 100-continue is supported`);
    sendProblem(response, toProblemDetails(error, nextRequestId()));
  });
  // Every open connection, so close() can end those with no request in flight: node:http's
  // closeIdleConnections() skips connections that have not sent a request yet (clients open
  // spare ones), which would hold close() for the whole grace period.
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    connectionOpened(socket);
    closeInStages(socket);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  return {
    server,
    handle,
    listen(port = 0, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve({ port: address.port, host: address.address, url: `http://${shownHost}:${address.port}${basePath}` });
        });
      });
    },
    close() {
      pipeline.closing = true;
      pipeline.shutdown.abort();
      return new Promise((resolve) => {
        if (!server.listening) {
          void Promise.allSettled([...pipeline.pendingTasks]).then(() => resolve());
          return;
        }
        const grace = setTimeout(() => server.closeAllConnections(), timeouts.closeGracePeriod);
        grace.unref();
        const finished = () => {
          clearTimeout(grace);
          clearInterval(draining);
          // Now http.Server#close: it stops node:http's connection checks (nothing is left to close).
          server.close(() => undefined);
          // Deferred tasks of finished requests may still run; wait for them within the grace period.
          const remaining = setTimeout(resolve, timeouts.closeGracePeriod);
          remaining.unref();
          void Promise.allSettled([...pipeline.pendingTasks]).then(() => {
            clearTimeout(remaining);
            resolve();
          });
        };
        // net.Server#close, not http.Server#close: since Node 19 the latter also destroys every
        // keep-alive connection that is idle at this instant, while its client may be writing
        // the next request on it (lost: ECONNRESET, and a POST cannot be safely retried). This
        // one only stops accepting; the open connections drain below. It runs after one turn of
        // the event loop, whose poll phase accepts the connections the kernel has already
        // completed: closing the listener resets those, and their clients may have written a
        // request. Connections attempted afterwards are refused, before any request is sent.
        // In a cluster worker the primary accepts connections; closing at once tells it to hand
        // new ones to other workers (a connection it hands here afterwards is refused back to it
        // and handed on), instead of this one answering them 503 for a turn.
        if (cluster.isWorker) net.Server.prototype.close.call(server, finished);
        else setImmediate(() => net.Server.prototype.close.call(server, finished));
        // A connection busy or idle only briefly is likely to carry one more request: it is
        // answered (503 and `Connection: close`, or its in-flight response with it) and the
        // connection ends after it. One idle for closeIdleAfter is ended; a client writing
        // on it at that moment is the race HTTP/1.1 leaves to clients (RFC 9112 §9.3.1).
        const endIdle = () => {
          for (const socket of sockets) if (requestsInFlight(socket) === 0 && idleFor(socket) >= timeouts.closeIdleAfter && !socket.writableEnded) socket.end();
        };
        const draining = setInterval(endIdle, Math.max(10, timeouts.closeIdleAfter / 5));
        draining.unref();
        endIdle();
      });
    },
  };
}

/**
 * A base path as the router prefixes it: `""` for the root, else `/segment…` with no trailing
 * slash. Throws Error for anything but plain RFC 3986 path segments (no query, `.` or `..`).
 */
function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed === "") return "";
  if (!/^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)+$/.test(trimmed) || trimmed.split("/").some((segment) => segment === "." || segment === "..")) {
    throw new Error(`basePath must be a path like "/api/v1" (plain segments, no query or dot segments), got ${JSON.stringify(basePath)}`);
  }
  return trimmed;
}


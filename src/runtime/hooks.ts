import type { IncomingMessage, ServerResponse } from "node:http";
import type { HandlerContext } from "./context.js";
import type { HandlerInput } from "./pipeline.js";
import type { HandlerResult } from "./respond.js";

/** What {@link Hooks.onResponse} is told once a response has been sent. */
export interface ResponseInfo {
  requestId: string;
  /** Undefined when no route matched (404, 405, docs, preflight). */
  operationId: string | undefined;
  method: string;
  /** The raw request target. */
  url: string;
  statusCode: number;
  /** From the start of handling to the response's `finish`, in milliseconds. */
  durationMs: number;
}

/**
 * User hooks, called in this fixed order for each request (Fastify's lifecycle names):
 * 1. `onRequest` — before routing, CORS and docs; throw an HttpError to answer early.
 * 2. `preHandler` — after authentication and validation, just before the handler.
 * 3. `onSend` — with the handler's result (or an exception handler's), before it is checked and
 *    serialised; return a result to replace it.
 * 4. `onResponse` — after the response has been sent (logging, metrics).
 * `onError` runs when a handler, hook or the runtime throws, before the error becomes a response:
 * return a {@link HandlerResult} declared for the operation to answer with it (FastAPI's
 * exception handlers), or nothing to keep the default problem details.
 * A hook that throws is treated like a handler that throws.
 */
export interface Hooks {
  onRequest?: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;
  preHandler?: (input: HandlerInput, context: HandlerContext) => void | Promise<void>;
  onSend?: (result: HandlerResult, context: HandlerContext) => HandlerResult | void | Promise<HandlerResult | void>;
  onResponse?: (info: ResponseInfo) => void;
  onError?: (error: unknown, context: HandlerContext | undefined) => HandlerResult | void | Promise<HandlerResult | void>;
}

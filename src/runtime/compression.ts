/**
 * Response compression, opt-in (`ServerOptions.compression`): the `compression` middleware
 * (Express's, which works on node:http's request and response) negotiates the coding from
 * `Accept-Encoding` (RFC 9110 §12.5.3: br, gzip, deflate), compresses bodies of a compressible
 * media type from `threshold` bytes, and sets `Vary: Accept-Encoding`. Server-sent events are never
 * compressed: a compressor buffers, and events must reach the client as they are written.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { compressionModule } from "./dependencies.js";

/** Options of response compression; `true` takes the defaults. */
export interface CompressionOptions {
  /** Smallest body compressed, in bytes. Default 1024. */
  threshold?: number;
  /** zlib level for gzip and deflate (0–9). Default 6 (zlib's). */
  level?: number;
}

/** Prepares one response for compression; call before anything is written to it. */
export type ResponseCompressor = (request: IncomingMessage, response: ServerResponse) => void;

/** The compressor for `options`, or undefined when compression is off. */
export function createCompressor(options: boolean | CompressionOptions | undefined): ResponseCompressor | undefined {
  if (!options) return undefined;
  const settings = options === true ? {} : options;
  const compression = compressionModule();
  const middleware = compression({
    threshold: settings.threshold ?? 1024,
    ...(settings.level !== undefined ? { level: settings.level } : {}),
    filter: (request, response) => {
      const type = String(response.getHeader("content-type") ?? "").toLowerCase();
      return !type.startsWith("text/event-stream") && compression.filter(request, response);
    },
  }) as unknown as (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
  const next = () => undefined;
  return (request, response) => middleware(request, response, next);
}

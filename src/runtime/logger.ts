import { pinoModule } from "./dependencies.js";

/**
 * The runtime's log sink: one structured record per event, `(record, message)` as pino takes
 * them, so a pino logger (or anything with these three methods) can be passed to createServer.
 * Records carry `requestId`, and `operationId` when a route matched; errors go under `error`.
 */
export interface Logger {
  error(record: Record<string, unknown>, message: string): void;
  warn(record: Record<string, unknown>, message: string): void;
  info(record: Record<string, unknown>, message: string): void;
}

/**
 * The default logger: pino, JSON lines on stderr (written synchronously, so nothing is lost when
 * the process exits), level `info` unless `level` says otherwise; `error` values are serialised
 * with pino's error serializer (name, message, stack).
 */
export function createDefaultLogger(level: string = process.env["LOG_LEVEL"] ?? "info"): Logger {
  const { pino } = pinoModule();
  return pino(
    { level, base: null, serializers: { error: pino.stdSerializers.err } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything (`logger: false`). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {} };

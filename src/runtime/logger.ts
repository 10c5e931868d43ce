/**
 * The runtime's log sink: one structured record per event. The default writes JSON lines to
 * stderr; pass `logger: false` to createServer to silence it, or any object with these methods
 * (pino's logger fits).
 */
export interface Logger {
  error(record: Record<string, unknown>, message: string): void;
  warn(record: Record<string, unknown>, message: string): void;
  info(record: Record<string, unknown>, message: string): void;
}

/** JSON lines on stderr: `{"level":"error","time":…,"msg":…,…}`. */
export const jsonLinesLogger: Logger = {
  error: (record, message) => write("error", record, message),
  warn: (record, message) => write("warn", record, message),
  info: (record, message) => write("info", record, message),
};

/** A logger that drops everything. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {} };

function write(level: string, record: Record<string, unknown>, message: string): void {
  const { error, ...rest } = record;
  const serialisedError = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
  process.stderr.write(JSON.stringify({ level, time: Date.now(), msg: message, ...rest, ...(error !== undefined ? { error: serialisedError } : {}) }) + "\n");
}

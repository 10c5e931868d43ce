import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions, type Caller, type Services } from "../../src/example/handlers.js";
import { createBookRepository, createUserRepository } from "../../src/example/store.js";
import type { Logger, ServerOptions } from "specwright/runtime";

/** Fresh services for one test: book 1 and users 1–2, keys `admin-key` and `member-key`. */
export function exampleServices(): Services {
  return {
    books: createBookRepository(),
    users: createUserRepository(),
    apiKeys: new Map<string, Caller>([
      ["admin-key", { name: "admin", role: "admin" }],
      ["member-key", { name: "member", role: "member" }],
    ]),
    audit: [],
  };
}

/**
 * The example server as main.ts builds it (security, CORS, exception handler) over fresh services
 * (or the given ones), logging off unless given, with some handlers replaced by `override`.
 */
export function exampleServer(options: Omit<ServerOptions, "security"> = {}, services = exampleServices(), override: Partial<ReturnType<typeof createHandlers>> = {}) {
  return createServer({ ...createHandlers(services), ...override }, { logger: false, ...createServerOptions(services, "https://app.example.com"), ...options });
}

/** A logger that keeps the messages of its error records (for tests that check what was logged). */
export function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (_record, message) => errors.push(message), warn() {}, info() {} };
}

/**
 * Starts the example server (as main.ts builds it, over fresh services) on 127.0.0.1 with some
 * handlers replaced; `stops` collects its close function for the test's afterEach.
 */
export async function startExample(
  stops: (() => Promise<void>)[],
  override: Partial<ReturnType<typeof createHandlers>> = {},
  logger: Logger | false = false,
): Promise<{ url: string; services: Services }> {
  const services = exampleServices();
  const server = createServer({ ...createHandlers(services), ...override }, { ...createServerOptions(services), logger });
  const { url } = await server.listen(0, "127.0.0.1");
  stops.push(() => server.close());
  return { url, services };
}

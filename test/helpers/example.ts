import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions, type Caller, type Services } from "../../src/example/handlers.js";
import { createBookRepository, createUserRepository } from "../../src/example/store.js";
import type { ServerOptions } from "specwright/runtime";

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

/** The example server as main.ts builds it (security, CORS, exception handler) over fresh services, logging off unless given. */
export function exampleServer(options: Omit<ServerOptions, "security"> = {}, services = exampleServices()) {
  return createServer(createHandlers(services), { logger: false, ...createServerOptions(services, "https://app.example.com"), ...options });
}

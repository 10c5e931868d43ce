/**
 * The specwright server of the benchmark: the generated example server (dist/generated/routes.js)
 * over the example's handlers and in-memory store, with every check on: routing, parameter
 * coercion, request validation (ajv standalone), response filtering and response validation.
 * Logging is off (as for the other servers).
 */
import { createServer } from "../../../dist/generated/routes.js";
import { createHandlers, createSecurity } from "../../../dist/src/example/handlers.js";
import { createBookRepository, createUserRepository } from "../../../dist/src/example/store.js";
import { announce, host, isMain, port } from "./lifecycle.mjs";

/** The generated example server over fresh services, every check on, not listening. */
export function createSpecwrightServer() {
  const services = {
    books: createBookRepository(),
    users: createUserRepository(),
    apiKeys: new Map([["admin-key", { name: "admin", role: "admin" }]]),
    audit: [],
  };

  const server = createServer(createHandlers(services), {
    logger: false,
    // Explicit, so the figure does not depend on NODE_ENV (which turns it off in production).
    validateResponses: true,
    security: createSecurity(services),
  });
  return server;
}

if (isMain(import.meta.url)) {
  const server = createSpecwrightServer();
  const { port: boundPort } = await server.listen(port, host);
  announce(boundPort);
}

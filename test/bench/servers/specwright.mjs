/**
 * The specwright server of the benchmark: the generated example server (dist/generated/routes.js)
 * over the example's handlers and in-memory store, as it runs in production: routing, parameter
 * coercion, request validation (ajv standalone), security where the route has it, and response
 * filtering (undeclared and writeOnly properties dropped, in one pass with the JSON writing).
 * Response *validation* is a development check (on unless NODE_ENV=production); set
 * BENCH_VALIDATE_RESPONSES=1 to measure with it. Logging is off (as for the other servers).
 */
import { createServer } from "../../../dist/generated/routes.js";
import { createHandlers, createSecurity } from "../../../dist/src/example/handlers.js";
import { createUserRepository } from "../../../dist/src/example/store.js";
import { createBenchAuditLog, createBenchBookRepository } from "../lib/store.mjs";
import { announce, host, isMain, port } from "./lifecycle.mjs";

/**
 * The generated example server over fresh services, not listening.
 * @param {boolean} [validateResponses] default: BENCH_VALIDATE_RESPONSES=1
 */
export function createSpecwrightServer(validateResponses = process.env.BENCH_VALIDATE_RESPONSES === "1") {
  const services = {
    books: createBenchBookRepository(),
    users: createUserRepository(),
    apiKeys: new Map([["admin-key", { name: "admin", role: "admin" }]]),
    audit: createBenchAuditLog(),
  };

  const server = createServer(createHandlers(services), {
    logger: false,
    // Explicit, so the figure does not depend on NODE_ENV.
    validateResponses,
    security: createSecurity(services),
  });
  return server;
}

if (isMain(import.meta.url)) {
  const server = createSpecwrightServer();
  const { port: boundPort } = await server.listen(port, host);
  announce(boundPort);
}

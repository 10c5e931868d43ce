/**
 * The example as `npm start` runs it (src/example/main.ts): its handlers, its server options
 * (security, CORS, the exception mapper) and its deferred audit task, so what users see is
 * measured too. Two differences, both so a run measures the server rather than the example's
 * data: the book store keeps the last 1000 books the benchmark created (the example's own holds
 * 10,000 and then answers 507), and the audit log is emptied every 1000 entries. Logging is off,
 * as for the other servers; response validation as in production unless
 * BENCH_VALIDATE_RESPONSES=1.
 */
import { createServer } from "../../../dist/generated/routes.js";
import { createHandlers, createServerOptions } from "../../../dist/src/example/handlers.js";
import { createUserRepository } from "../../../dist/src/example/store.js";
import { createBenchAuditLog, createBenchBookRepository } from "../lib/store.mjs";
import { announce, host, isMain, port } from "./lifecycle.mjs";

/** The example server over fresh services, not listening. */
export function createExampleServer(validateResponses = process.env.BENCH_VALIDATE_RESPONSES === "1") {
  const services = {
    books: createBenchBookRepository(),
    users: createUserRepository(),
    apiKeys: new Map([["admin-key", { name: "admin", role: "admin" }], ["member-key", { name: "member", role: "member" }]]),
    audit: createBenchAuditLog(),
  };
  return createServer(createHandlers(services), { ...createServerOptions(services), logger: false, validateResponses });
}

if (isMain(import.meta.url)) {
  const server = createExampleServer();
  const { port: boundPort } = await server.listen(port, host);
  announce(boundPort);
}

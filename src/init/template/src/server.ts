/**
 * Starts the API. `npm start` builds and runs it with node; `npm run dev` runs it with tsx and
 * restarts it on every change. PORT and HOST override 3000 and 127.0.0.1. API_TOKEN is the bearer
 * token that may create and delete tasks (default `dev-token`; required when NODE_ENV=production).
 * SIGTERM or SIGINT (Ctrl-C) stops it gracefully: in-flight requests finish, then it exits 0.
 */
import { createServer } from "../generated/routes.js";
import { createHandlers, createSecurityVerifiers, TaskStore } from "./handlers.js";

const token = process.env["API_TOKEN"] ?? (process.env["NODE_ENV"] === "production" ? undefined : "dev-token");
if (token === undefined) throw new Error("Set API_TOKEN: the bearer token that may create and delete tasks");

const server = createServer(createHandlers(new TaskStore()), { security: createSecurityVerifiers(token) });
// Before listening, so that a signal that comes early also ends in a graceful close.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
const { url } = await server.listen(Number(process.env["PORT"] ?? 3000), process.env["HOST"] ?? "127.0.0.1");
process.stdout.write(`Tasks API listening on ${url} (documentation: ${url}/docs)\n`);

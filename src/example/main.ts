/**
 * Starts the example Bookstore API: `npm start` (PORT and HOST override 3000 and 127.0.0.1).
 * API keys for trying the admin route: `admin-key` (administrator), `member-key` (member).
 * CORS allows `CORS_ORIGIN` (comma-separated; default http://localhost:5173).
 * `WORKERS=auto` (one per core) or `WORKERS=<n>` runs it as a node:cluster of that many processes
 * (SIGHUP restarts them one at a time); each has its own in-memory store.
 */
import { runCluster, type ApiServer } from "specwright/runtime";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions, type Caller, type Services } from "./handlers.js";
import { createBookRepository, createUserRepository } from "./store.js";

/** Builds the services and the server, and listens. */
async function start(): Promise<ApiServer> {
  const services: Services = {
    books: createBookRepository(),
    users: createUserRepository(),
    apiKeys: new Map<string, Caller>([
      [process.env["ADMIN_API_KEY"] ?? "admin-key", { name: "admin", role: "admin" }],
      [process.env["MEMBER_API_KEY"] ?? "member-key", { name: "member", role: "member" }],
    ]),
    audit: [],
  };
  const server = createServer(createHandlers(services), createServerOptions(services));
  const port = Number(process.env["PORT"] ?? 3000);
  const host = process.env["HOST"] ?? "127.0.0.1";
  const { url } = await server.listen(port, host);
  process.stdout.write(`Bookstore API listening on ${url} (try ${url}/books)${process.env["WORKERS"] ? `, process ${process.pid}` : ""}\n`);
  return server;
}

const workers = process.env["WORKERS"];
if (workers) {
  await runCluster(start, workers === "auto" ? {} : { workers: Number(workers) });
} else {
  const server = await start();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

/**
 * Starts the example Bookstore API: `npm start` (PORT and HOST override 3000 and 127.0.0.1).
 * API keys for trying the admin route: `admin-key` (administrator), `member-key` (member).
 * CORS allows `CORS_ORIGIN` (comma-separated; default http://localhost:5173).
 */
import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions, type Caller, type Services } from "./handlers.js";
import { createBookRepository, createUserRepository } from "./store.js";

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
process.stdout.write(`Bookstore API listening on ${url} (try ${url}/books)\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  });
}

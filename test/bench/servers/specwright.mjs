/**
 * The specwright server the throughput targets apply to: the generated example routes
 * (dist/generated/routes.js) with handlers that do exactly what the Fastify and raw servers' do,
 * over the same bounded store and nothing else (no deferred task, no CORS, no logging). The
 * runtime does its whole job: routing, parameter coercion and defaults, request validation (ajv
 * standalone), security where a route has it, response filtering through the generated
 * serialisers. Response *validation* is a development check (on unless NODE_ENV=production); set
 * BENCH_VALIDATE_RESPONSES=1 to measure with it. See example.mjs for the example as users run it.
 */
import { createServer } from "../../../dist/generated/routes.js";
import { createSecurity } from "../../../dist/src/example/handlers.js";
import { createUserRepository } from "../../../dist/src/example/store.js";
import { createBenchBookRepository } from "../lib/store.mjs";
import { announce, host, isMain, port } from "./lifecycle.mjs";

/** A problem details body, as the peers answer their 404. */
const notFound = (detail) => ({ type: "about:blank", title: "Not Found", status: 404, detail });

/**
 * The handlers of the benchmark's routes, doing what the peers' do; the other operations answer
 * 404 (the benchmark never calls them).
 */
function peerHandlers(books) {
  const unused = () => ({ status: 404, body: notFound("not part of the benchmark") });
  return {
    listBooks: ({ query }) => ({ status: 200, body: books.list(query), headers: { "X-Total-Count": books.count(query) } }),
    getBook: ({ path }) => {
      const book = books.get(path.bookId);
      return book ? { status: 200, body: book } : { status: 404, body: notFound(`Book ${path.bookId} not found`) };
    },
    createBook: ({ body }) => {
      const book = books.create(body);
      return { status: 201, body: book, headers: { Location: `/books/${book.id}` } };
    },
    replaceBook: unused, updateBook: unused, deleteBook: unused, listFeaturedBooks: unused, watchBookChanges: unused,
    exportBooks: unused, createUser: unused, deleteUser: unused,
  };
}

/**
 * The generated server over the peers' handlers and a fresh bounded store, not listening.
 * @param {boolean} [validateResponses] default: BENCH_VALIDATE_RESPONSES=1
 */
export function createSpecwrightServer(validateResponses = process.env.BENCH_VALIDATE_RESPONSES === "1") {
  const services = { books: createBenchBookRepository(), users: createUserRepository(), apiKeys: new Map([["admin-key", { name: "admin", role: "admin" }]]), audit: [] };
  return createServer(peerHandlers(services.books), {
    logger: false,
    // Explicit, so the figure does not depend on NODE_ENV.
    validateResponses,
    security: createSecurity(services),
  });
}

if (isMain(import.meta.url)) {
  const server = createSpecwrightServer();
  const { port: boundPort } = await server.listen(port, host);
  announce(boundPort);
}

/**
 * The requests of the HTTP and client benchmarks, the same for every server. The valid POST runs
 * last in a round: it adds books to the store (the last 1000 are kept, lib/store.mjs), and the list
 * route scans the whole store.
 */

/** A valid new book (BookCreate). */
export const validBook = { title: "Refactoring", author: "Martin Fowler", year: 1999, genre: "Software Engineering" };

/** An invalid new book: `year` is under the schema's minimum of 1000. */
export const invalidBook = { title: "Refactoring", author: "Martin Fowler", year: 500 };

/**
 * @typedef {object} BenchRoute
 * @property {string} name   label in the tables
 * @property {"GET" | "POST"} method
 * @property {string} path   path and query string
 * @property {string} [body] JSON request body
 * @property {Record<string, number>} expected expected status per server (raw validates nothing)
 */

/** @type {BenchRoute[]} */
export const routes = [
  { name: "GET /books/1", method: "GET", path: "/books/1", expected: { specwright: 200, fastify: 200, raw: 200 } },
  {
    name: "GET /books?genre=…&limit=10&offset=0",
    method: "GET",
    path: "/books?genre=Software%20Engineering&limit=10&offset=0",
    expected: { specwright: 200, fastify: 200, raw: 200 },
  },
  {
    name: "POST /books (invalid: year 500)",
    method: "POST",
    path: "/books",
    body: JSON.stringify(invalidBook),
    expected: { specwright: 422, fastify: 400, raw: 201 },
  },
  { name: "POST /books (valid)", method: "POST", path: "/books", body: JSON.stringify(validBook), expected: { specwright: 201, fastify: 201, raw: 201 } },
];

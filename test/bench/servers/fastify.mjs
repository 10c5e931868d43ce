/**
 * The Fastify 5 server of the benchmark: the same routes as spec/openapi.yaml with equivalent JSON
 * schemas for params, querystring, body and responses, over the example's in-memory store.
 *
 * Differences from specwright that the figures carry:
 * - An invalid body is a 400 (Fastify's validation error), where specwright answers 422 with
 *   problem details.
 * - Response schemas drive fast-json-stringify: undeclared properties are dropped (as specwright
 *   does) but responses are not validated (specwright validates them when validateResponses is on).
 * - ajv's `removeAdditional` is turned off so `additionalProperties: false` rejects unknown body
 *   properties as the contract says, instead of silently dropping them (Fastify's default).
 */
import Fastify from "fastify";
import { createBenchBookRepository } from "../lib/store.mjs";
import { announce, host, isMain, port } from "./lifecycle.mjs";

const book = {
  type: "object",
  required: ["id", "title", "author", "year"],
  properties: {
    id: { type: "integer", minimum: 1 },
    title: { type: "string", minLength: 1, maxLength: 200 },
    author: { type: "string", minLength: 2 },
    year: { type: "integer", minimum: 1000, maximum: 2100 },
    genre: { type: "string" },
  },
};
const bookCreate = {
  type: "object",
  additionalProperties: false,
  required: ["title", "author", "year"],
  properties: {
    title: { type: "string", minLength: 1, maxLength: 200 },
    author: { type: "string", minLength: 2 },
    year: { type: "integer", minimum: 1000, maximum: 2100 },
    genre: { type: "string" },
  },
};
const problem = {
  type: "object",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
  },
};

/** The Fastify app over a fresh store, routes registered, not listening. */
export function buildFastify() {
  const books = createBenchBookRepository();
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });

  app.get(
    "/books",
    {
      schema: {
        querystring: {
          type: "object",
          properties: {
            genre: { type: "string" },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 10 },
            offset: { type: "integer", minimum: 0, default: 0 },
          },
        },
        response: { 200: { type: "array", items: book } },
      },
    },
    async (request, reply) => {
      // The same contract as the spec: the page, and the total in X-Total-Count.
      reply.header("x-total-count", books.count({ genre: request.query.genre }));
      return books.list(request.query);
    },
  );

  app.post("/books", { schema: { body: bookCreate, response: { 201: book } } }, async (request, reply) => {
    const created = books.create(request.body);
    reply.code(201).header("location", `/books/${created.id}`);
    return created;
  });

  app.get(
    "/books/:bookId",
    {
      schema: {
        params: { type: "object", required: ["bookId"], properties: { bookId: { type: "integer", minimum: 1 } } },
        response: { 200: book, 404: problem },
      },
    },
    async (request, reply) => {
      const found = books.get(request.params.bookId);
      if (found) return found;
      reply.code(404).type("application/problem+json");
      return { type: "about:blank", title: "Not Found", status: 404, detail: `Book ${request.params.bookId} not found` };
    },
  );
  return app;
}

if (isMain(import.meta.url)) {
  const app = buildFastify();
  await app.listen({ port, host });
  announce(app.server.address().port);
}

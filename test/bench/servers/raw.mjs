/**
 * The baseline server of the benchmark: plain node:http, hand-written routing for the benchmark's
 * routes, JSON.parse and JSON.stringify, and no validation at all (an invalid book is stored and
 * answered 201). It uses the example's in-memory store, so the three servers do the same work
 * behind their HTTP layer.
 */
import http from "node:http";
import { createBenchBookRepository } from "../lib/store.mjs";
import { announce, host, isMain, port } from "./lifecycle.mjs";

/** Sends `body` as JSON with the given status and extra headers. */
function sendJson(response, status, body, headers = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

function notFound(response) {
  sendJson(response, 404, { title: "Not Found", status: 404 });
}

/** The raw server's request listener over a fresh store. */
export function createRawListener() {
  const books = createBenchBookRepository();
  return (request, response) => {
  const url = request.url ?? "/";
  const queryStart = url.indexOf("?");
  const pathname = queryStart === -1 ? url : url.slice(0, queryStart);

  if (pathname === "/books") {
    if (request.method === "GET") {
      const query = new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1));
      const genre = query.get("genre") ?? undefined;
      const list = books.list({ genre, limit: Number(query.get("limit") ?? 10), offset: Number(query.get("offset") ?? 0) });
      sendJson(response, 200, list, { "x-total-count": String(books.count({ genre })) });
      return;
    }
    if (request.method === "POST") {
      const chunks = [];
      request.on("data", (chunk) => chunks.push(chunk));
      request.on("end", () => {
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          sendJson(response, 400, { title: "Bad Request", status: 400 });
          return;
        }
        const book = books.create(body);
        sendJson(response, 201, book, { location: `/books/${book.id}` });
      });
      return;
    }
    notFound(response);
    return;
  }

  const match = /^\/books\/(\d+)$/.exec(pathname);
  if (match && request.method === "GET") {
    const book = books.get(Number(match[1]));
    if (book) sendJson(response, 200, book);
    else notFound(response);
    return;
  }
  notFound(response);
  };
}

if (isMain(import.meta.url)) {
  const server = http.createServer(createRawListener());
  server.listen(port, host, () => announce(server.address().port));
}

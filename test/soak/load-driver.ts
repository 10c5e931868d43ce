/**
 * The load driver of the soak scenarios: an undici Pool of keep-alive connections (a well-kept
 * library, as autocannon is; unlike autocannon, a Pool lets every response be checked against
 * what its own request expects), callers that send a fixed rotation of request kinds, and a
 * tally of statuses by kind, socket errors, body-check failures and latencies. Requests that must
 * not go through a pool (a head that promises a body the client never sends) go over a raw socket.
 */
import { readFileSync } from "node:fs";
import { Pool, type Dispatcher } from "undici";
import { createOracle, type Oracle } from "../../src/fuzz/oracle.js";
import { Samples, percentile } from "../bench/lib/stats.mjs";
import { RawConnection } from "../helpers/raw-connection.js";

/** One kind of request in a mix: how to send it, and the status (and body) it must get. */
export interface RequestKind {
  name: string;
  /** Sent through the pool... */
  request?: Dispatcher.RequestOptions;
  /** ...or as these raw bytes on a new connection (for heads the pool cannot send). */
  raw?: Buffer;
  status: number;
  /** JSON pointer of the response schema in the served document: a 2xx body is checked against it. */
  schema?: string;
  /** Response headers the answer must carry. */
  headers?: string[];
}

/** What a run of {@link driveMix} saw. */
export interface MixOutcome {
  requests: number;
  seconds: number;
  /** `kind status` → count. */
  histogram: Map<string, number>;
  /** `kind status` → count, as the mix prescribes. */
  expected: Map<string, number>;
  serverErrors: number;
  /** Requests that failed without a response, by error code. */
  socketErrors: Map<string, number>;
  /** 2xx bodies that failed their response schema, or missing headers (first ten, and the count). */
  bodyFailures: string[];
  bodyFailureCount: number;
  /** 2xx bodies checked against their schema. */
  bodiesChecked: number;
  latencyP50: number;
  latencyP99: number;
}

/** The example API's served document, for the client-side check of response bodies. */
const exampleDocument = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as unknown;
let exampleOracle: Oracle | undefined;

/** The pointer of a JSON response schema in the example document. */
export function responseSchema(path: string, method: string, status: number, mediaType = "application/json"): string {
  const escape = (text: string) => text.replace(/~/g, "~0").replace(/\//g, "~1");
  return `#/paths/${escape(path)}/${method}/responses/${status}/content/${escape(mediaType)}/schema`;
}

/** Text of a histogram, keys in code-unit order: `kind status ×count, …`. */
export function histogramText(histogram: Map<string, number>): string {
  return [...histogram].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, count]) => `${key} ×${count}`).join(", ");
}

/**
 * Sends `count` requests from `kinds` (request i is kind i mod kinds.length) over `connections`
 * keep-alive connections to `url`, as `connections` concurrent callers. Resolves when all are
 * answered or failed; never rejects for a failed request (it is counted).
 */
export async function driveMix(url: string, kinds: RequestKind[], count: number, options: { connections: number; pool?: Pool }): Promise<MixOutcome> {
  exampleOracle ??= createOracle(exampleDocument, "3.1");
  const oracle = exampleOracle;
  const pool = options.pool ?? new Pool(url, { connections: options.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const port = Number(new URL(url).port);
  const outcome: MixOutcome = {
    requests: count, seconds: 0, histogram: new Map(), expected: new Map(), serverErrors: 0, socketErrors: new Map(),
    bodyFailures: [], bodyFailureCount: 0, bodiesChecked: 0, latencyP50: 0, latencyP99: 0,
  };
  const latencies = new Samples();
  for (let index = 0; index < count; index++) {
    const kind = kinds[index % kinds.length]!;
    const key = `${kind.name} ${kind.status}`;
    outcome.expected.set(key, (outcome.expected.get(key) ?? 0) + 1);
  }
  const bodyFailure = (message: string) => {
    outcome.bodyFailureCount += 1;
    if (outcome.bodyFailures.length < 10) outcome.bodyFailures.push(message);
  };
  const record = (kind: RequestKind, status: number, headers: Record<string, unknown>, text: string) => {
    const key = `${kind.name} ${status}`;
    outcome.histogram.set(key, (outcome.histogram.get(key) ?? 0) + 1);
    if (status >= 500) outcome.serverErrors += 1;
    if (status < 200 || status > 299) return;
    for (const header of kind.headers ?? []) if (headers[header] === undefined) bodyFailure(`${kind.name}: no ${header} header`);
    if (!kind.schema) return;
    outcome.bodiesChecked += 1;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      bodyFailure(`${kind.name}: body is not JSON: ${text.slice(0, 80)}`);
      return;
    }
    const error = oracle.firstError(kind.schema, "response", body);
    if (error) bodyFailure(`${kind.name}: ${error.instanceLocation} ${error.keyword}: ${error.message}`);
  };
  const failed = (error: unknown) => {
    const code = (error as { code?: string }).code ?? (error as Error).name ?? "unknown";
    outcome.socketErrors.set(code, (outcome.socketErrors.get(code) ?? 0) + 1);
  };
  let next = 0;
  const caller = async () => {
    for (let index = next++; index < count; index = next++) {
      const kind = kinds[index % kinds.length]!;
      const started = performance.now();
      try {
        if (kind.raw) {
          const connection = await RawConnection.open(port);
          await connection.write(kind.raw);
          const response = await connection.response(30_000);
          connection.socket.destroy();
          record(kind, response.status, response.headers, response.body);
        } else {
          const response = await pool.request(kind.request!);
          const text = await response.body.text();
          record(kind, response.statusCode, response.headers, text);
        }
        latencies.push(performance.now() - started);
      } catch (error) {
        failed(error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, caller));
  outcome.seconds = (performance.now() - started) / 1000;
  if (!options.pool) await pool.close();
  const sorted = latencies.sorted();
  outcome.latencyP50 = percentile(sorted, 50);
  outcome.latencyP99 = percentile(sorted, 99);
  return outcome;
}

/**
 * A valid BookCreate of exactly `size` bytes of JSON. The example's strings have an upper bound
 * (genre at most 50 characters), so past those the body is padded with whitespace between tokens,
 * which JSON allows anywhere between them (RFC 8259 §2), as an indented client would send it.
 */
export function bookOfSize(size: number): string {
  const base = JSON.stringify({ title: "The Pragmatic Programmer", author: "Andrew Hunt", year: 1999, genre: "Software Engineering" });
  const padding = size - Buffer.byteLength(base);
  return "{" + " ".repeat(Math.max(0, padding)) + base.slice(1);
}

const json = { "content-type": "application/json" };

/**
 * The mixed load of L1 (and of L2's first phase) against the example API, in a rotation of ten:
 * 40 % GET with path or query parameters (GET /books/1 and GET /books?genre=…&limit=5&offset=0
 * alternately: no operation of the example has both), 40 % POST /books of a valid 1 KiB body, 10 %
 * invalid (malformed JSON → 400 and a schema violation → 422 alternately), 10 % DELETE
 * /admin/users/2 without its API key (401).
 */
export function mixedKinds(): RequestKind[] {
  const book = bookOfSize(1024);
  const getOne: RequestKind = { name: "GET /books/{bookId}", request: { method: "GET", path: "/books/1" }, status: 200, schema: responseSchema("/books/{bookId}", "get", 200) };
  const list: RequestKind = {
    name: "GET /books?query", request: { method: "GET", path: "/books?genre=Software%20Engineering&limit=5&offset=0" }, status: 200,
    schema: responseSchema("/books", "get", 200), headers: ["x-total-count"],
  };
  const post: RequestKind = { name: "POST /books", request: { method: "POST", path: "/books", headers: json, body: book }, status: 201, schema: responseSchema("/books", "post", 201), headers: ["location"] };
  const malformed: RequestKind = { name: "POST /books malformed", request: { method: "POST", path: "/books", headers: json, body: '{"title": "Dune", "author":' }, status: 400 };
  const invalid: RequestKind = { name: "POST /books invalid", request: { method: "POST", path: "/books", headers: json, body: JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 500 }) }, status: 422 };
  const unauthenticated: RequestKind = { name: "DELETE /admin/users/{userId} no key", request: { method: "DELETE", path: "/admin/users/2" }, status: 401 };
  // Ten in a row; the invalid pair and the two GET forms alternate between rotations.
  return [getOne, post, list, post, getOne, post, list, post, malformed, unauthenticated, getOne, post, list, post, getOne, post, list, post, invalid, unauthenticated];
}

/**
 * L2's error-only mix: malformed JSON (400), no API key (401), an unknown path (404),
 * 30 % each, and 10 % a Content-Length over the 1 MiB body limit (413, answered before the body,
 * on a connection of its own since the server closes it; the client never sends the body).
 */
export function errorKinds(): RequestKind[] {
  const malformed: RequestKind = { name: "POST /books malformed", request: { method: "POST", path: "/books", headers: json, body: "{" }, status: 400 };
  const unauthenticated: RequestKind = { name: "DELETE /admin/users/{userId} no key", request: { method: "DELETE", path: "/admin/users/2" }, status: 401 };
  const unknown: RequestKind = { name: "GET /unknown", request: { method: "GET", path: "/no/such/path" }, status: 404 };
  const tooLarge: RequestKind = {
    name: "POST /books over the limit",
    raw: Buffer.from(`POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${1_048_577}\r\n\r\n`),
    status: 413,
  };
  return [malformed, unauthenticated, unknown, malformed, unauthenticated, unknown, malformed, unauthenticated, unknown, tooLarge];
}

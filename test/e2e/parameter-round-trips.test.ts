/**
 * Parameters and form bodies proven end to end: the generated client serialises, a real HTTP
 * request carries the bytes, the runtime parses, coerces and validates, and the handler echoes what
 * it received. The fixture (test/fixtures/every-form/openapi.yaml) has one operation per location
 * × style × explode × value kind that OpenAPI 3.1 defines (§4.8.12.4 "Style Values").
 *
 * (a) Every cell of the specification's "Style Examples" table (§4.8.12.5, 3.1.1 text) is sent by
 *     the generated client; the request target and headers the server received are compared byte
 *     for byte, and the value the server parsed is compared with the one sent.
 * (b) fast-check round trips: arbitrary values of each parameter's schema → generated client →
 *     HTTP → server echo, which must equal the value sent. Runs are bounded (RUNS per property) so the
 *     file takes seconds. A failure prints fast-check's seed and path; reproduce it with
 *     `FC_SEED=<seed> npx vitest run test/e2e/parameter-round-trips.test.ts` (add `FC_RUNS=<n>`
 *     to run more cases).
 *
 * Values the specification leaves ambiguous or undefined are excluded from the generated values,
 * each with its reason next to its filter (see `exclusions`); where the wire can carry them safely
 * by percent-encoding, they are included.
 */
import http from "node:http";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { fetchTransport, InvalidRequestError, type Transport, type TransportRequest } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";
import { createServer, type ApiDefinition, type ApiServer } from "specwright/runtime";
import { serialisePathParameter } from "../../src/wire/parameter-styles.js";
import { typecheckGenerated } from "../helpers/typecheck.js";
import { pathStyleExamples, queryStyleExamples, styleExampleValues, type StyleExampleCells, type StyleExampleKind } from "../fixtures/style-examples.js";

const fixture = path.resolve("test/fixtures/every-form/openapi.yaml");
const out = path.resolve(".test-output", `every-form-${process.pid}`);
const runs = Number(process.env["FC_RUNS"] ?? 60);
const seed = process.env["FC_SEED"] !== undefined ? Number(process.env["FC_SEED"]) : undefined;
const propertyOptions = { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };

/** What every fixture operation answers: the parsed input, plus the raw request as it arrived. */
interface Echo {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
  body?: unknown;
  /** The request target exactly as the server read it from the socket. */
  target: string;
  /** The raw values of the request headers the fixture uses, as received. */
  raw: Record<string, string | undefined>;
}

type CallResult = { status: number; body: Echo };
type ClientMethod = (request: object, options?: object) => Promise<CallResult>;

let server: ApiServer;
let url = "";
let api: ApiDefinition;
let handlers: Record<string, unknown>;
let client: Record<string, ClientMethod>;
/** The last request the generated client handed to its transport (for bodies). */
let lastSent: TransportRequest | undefined;

const rawHeaderNames = ["cookie", "content-type", "x-color", "x-count", "x-flag", "x-counts", "x-filter", "x-mode", "x-retries"];

beforeAll(async () => {
  await generate({ spec: fixture, out });
  ({ api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition });
  const echo = (input: Omit<Echo, "target" | "raw">, context: { request: http.IncomingMessage }) => ({
    status: 200,
    body: {
      path: input.path,
      query: input.query,
      headers: input.headers,
      cookies: input.cookies,
      ...(input.body !== undefined ? { body: input.body } : {}),
      target: context.request.url,
      raw: Object.fromEntries(rawHeaderNames.map((name) => [name, context.request.headers[name]])),
    },
  });
  handlers = Object.fromEntries(api.routes.map((route) => [route.handler, echo]));
  // Long parameters are the point here (percent-encoded emoji in arrays), not the 414 limit.
  server = createServer(api, handlers, { logger: false, docs: false, limits: { maxParameterLength: 100_000 } });
  url = (await server.listen(0, "127.0.0.1")).url;
  const recording: Transport = (request) => {
    lastSent = request;
    return fetchTransport()(request);
  };
  const { createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as {
    createClient: (options: { baseUrl: string; transport: Transport }) => Record<string, ClientMethod>;
  };
  client = createClient({ baseUrl: url, transport: recording });
});

afterAll(async () => {
  await server?.close();
  await rm(out, { recursive: true, force: true });
});

/** Calls one fixture operation through the generated client; expects 200 and returns the echo. */
async function call(operationId: string, request: object): Promise<Echo> {
  const result = await client[operationId]!(request);
  if (result.status !== 200) throw new Error(`${operationId} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
}

const capitalised = (text: string): string => text[0]!.toUpperCase() + text.slice(1);
const operationName = (location: string, style: string, explode: boolean, kind: string): string =>
  `${location}${capitalised(style)}${explode ? "Exploded" : "Unexploded"}${capitalised(kind)}`;
const routePrefix = (location: string, style: string, explode: boolean, kind: string): string =>
  `/parameters/${location}/${style}/${explode ? "exploded" : "unexploded"}/${kind}`;

// ---------------------------------------------------------------------------------------------
// (a) The Style Examples table
// ---------------------------------------------------------------------------------------------

/** The Style Examples table (test/fixtures/style-examples.ts), under this file's names. */
const exampleValues = styleExampleValues;
type ExampleKind = StyleExampleKind;
type Cells = StyleExampleCells;
const pathTable = pathStyleExamples;
const queryTable = queryStyleExamples;

function cells(table: [string, boolean, Cells][]): [style: string, explode: boolean, kind: ExampleKind, text: string][] {
  return table.flatMap(([style, explode, row]) =>
    (Object.entries(row) as [ExampleKind, string][]).map(([kind, text]) => [style, explode, kind, text] as [string, boolean, ExampleKind, string]));
}

const operationKind = (kind: ExampleKind): string => (kind === "empty" || kind === "string" ? "primitive" : kind);

/** The other required path parameters of the fixture's primitive and array path operations. */
const companionPathValues: Record<string, Record<string, unknown>> = { primitive: { count: 1, flag: true }, array: { counts: [1] }, object: {} };

describe("Style Examples over HTTP: path parameters", () => {
  // Two cells cannot travel in a URL, whatever the client does: label's empty value is the
  // segment `.`, which URL parsers (fetch, browsers) remove as a dot-segment (RFC 3986 §5.2.4),
  // and simple's empty value is an empty segment, which the router does not match (neither does
  // FastAPI). Both are checked below: the client refuses the first, the server 404s the second.
  const sendable = cells(pathTable).filter(([style, , kind]) => !(kind === "empty" && (style === "label" || style === "simple")));

  it.each(sendable)("%s explode=%s %s: the client sends %j and the server parses the value", async (style, explode, kind, text) => {
    const operation = operationName("path", style, explode, operationKind(kind));
    const echo = await call(operation, { path: { color: exampleValues[kind], ...companionPathValues[operationKind(kind)] } });
    const prefix = routePrefix("path", style, explode, operationKind(kind)) + "/";
    expect(echo.target.startsWith(prefix)).toBe(true);
    expect(echo.target.slice(prefix.length).split("/")[0]).toBe(text);
    expect(echo.path["color"]).toEqual(exampleValues[kind]);
  });

  it("the client refuses header values simple style cannot carry: commas inside items, surrounding spaces", async () => {
    const operation = "headerSimpleUnexplodedArray";
    await expect(client[operation]!({ headers: { "X-Color": ["a,b", "c"] } })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(client[operation]!({ headers: { "X-Color": [" a", "c"] } })).rejects.toBeInstanceOf(InvalidRequestError);
    const fine = await client[operation]!({ headers: { "X-Color": ["a b", "c"] } });
    expect(fine.body.headers["X-Color"]).toEqual(["a b", "c"]);
  });

  it.each([[false], [true]])("label explode=%s: the client refuses the empty value (a dot-segment) and the server parses it from a raw request", async (explode) => {
    const operation = operationName("path", "label", explode, "primitive");
    await expect(client[operation]!({ path: { color: "", count: 1, flag: true } })).rejects.toBeInstanceOf(InvalidRequestError);
    const raw = await rawGet(`${routePrefix("path", "label", explode, "primitive")}/./.1/.true`);
    expect(raw.status).toBe(200);
    expect(JSON.parse(raw.body).path).toEqual({ color: "", count: 1, flag: true });
  });

  it("simple: the empty value is an empty segment, which matches no route (404)", async () => {
    const result = await client[operationName("path", "simple", false, "primitive")]!({ path: { color: "", count: 1, flag: true } });
    expect(result.status).toBe(404);
  });
});

describe("Style Examples over HTTP: query parameters", () => {
  it.each(cells(queryTable))("%s explode=%s %s: the client sends %j and the server parses the value", async (style, explode, kind, text) => {
    const echo = await call(operationName("query", style, explode, operationKind(kind)), { query: { color: exampleValues[kind] } });
    expect(echo.target).toBe(`${routePrefix("query", style, explode, operationKind(kind))}?${text}`);
    expect(echo.query["color"]).toEqual(exampleValues[kind]);
  });
});

describe("Style Examples over HTTP: the undici transport sends the same bytes", () => {
  it("every sendable path and query cell arrives unchanged through undiciTransport()", async () => {
    const { createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as {
      createClient: (options: { baseUrl: string; transport: Transport }) => Record<string, ClientMethod>;
    };
    const undiciClient = createClient({ baseUrl: url, transport: undiciTransport() });
    const sent: string[] = [];
    const expected: string[] = [];
    for (const [style, explode, kind, text] of cells(pathTable).filter(([style, , kind]) => !(kind === "empty" && style !== "matrix"))) {
      const result = await undiciClient[operationName("path", style, explode, operationKind(kind))]!({ path: { color: exampleValues[kind], ...companionPathValues[operationKind(kind)] } });
      const prefix = routePrefix("path", style, explode, operationKind(kind)) + "/";
      sent.push(result.body.target.slice(prefix.length).split("/")[0]!);
      expected.push(text);
    }
    for (const [style, explode, kind, text] of cells(queryTable)) {
      const result = await undiciClient[operationName("query", style, explode, operationKind(kind))]!({ query: { color: exampleValues[kind] } });
      sent.push(result.body.target.slice(result.body.target.indexOf("?") + 1));
      expected.push(text);
    }
    expect(sent).toEqual(expected);
  });
});

describe("Style Examples over HTTP: header and cookie parameters", () => {
  // Headers use style simple, so the path table's simple rows are the header values (§4.8.12.4).
  const headerCells = cells(pathTable.filter(([style]) => style === "simple"));

  it.each(headerCells)("header %s explode=%s %s: the client sends %j", async (_style, explode, kind, text) => {
    const echo = await call(operationName("header", "simple", explode, operationKind(kind)), { headers: { "X-Color": exampleValues[kind] } });
    expect(echo.raw["x-color"]).toBe(text);
    expect(echo.headers["X-Color"]).toEqual(exampleValues[kind]);
  });

  // Cookies use style form; a cookie carries the query cell's `color=…` pair. Exploded arrays and
  // objects have no defined cookie form (RFC 6570 would join them with `&`, which is not cookie
  // syntax), so only the unexploded row and the primitives of the exploded one are compared here;
  // the round trips below cover this project's choice for the rest (docs/features.md, "Parameters and form
  // bodies: TypeScript types and the wire").
  const cookieCells = cells(queryTable.filter(([style]) => style === "form")).filter(([, explode, kind]) => !explode || kind === "empty" || kind === "string");

  it.each(cookieCells)("cookie %s explode=%s %s: the client sends %j", async (_style, explode, kind, text) => {
    const echo = await call(operationName("cookie", "form", explode, operationKind(kind)), { cookies: { color: exampleValues[kind] } });
    expect(echo.raw["cookie"]).toBe(text);
    expect(echo.cookies["color"]).toEqual(exampleValues[kind]);
  });
});

/** A GET with node:http, which sends the target exactly as given (no URL normalisation). */
function rawGet(target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // host/port/path options, not a URL string: node:http would parse a string as a WHATWG URL and
    // remove its dot-segments, which is what this helper exists to avoid.
    const { hostname, port } = new URL(url);
    const request = http.request({ host: hostname, port, path: target, method: "GET", headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

// ---------------------------------------------------------------------------------------------
// (b) Property-based round trips
// ---------------------------------------------------------------------------------------------

/**
 * Characters that stress the encoders: every RFC 3986 reserved character, `%`, `+`, space, the
 * style delimiters, quotes, non-ASCII (2-, 3- and 4-byte UTF-8) and plain letters.
 */
const trickyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(..."abcXYZ019-_~.") },
  { weight: 3, arbitrary: fc.constantFrom(...":/?#[]@!$&'()*+,;=%| \"<>`{}^\\") },
  { weight: 1, arbitrary: fc.constantFrom("é", "中", "😀", "\u00a0") },
);
const anyText = fc.string({ unit: trickyUnit, maxLength: 8 });

/**
 * Header values are sent as they are (style simple does not percent-encode headers): only visible
 * ASCII can be carried (RFC 9110 §5.5; fetch refuses other code points), surrounding whitespace is
 * not part of a field value, and `,` (and `=` in exploded objects) are the style's delimiters.
 */
const headerUnit = fc.constantFrom(..."abcXYZ019-_~.:/?#[]@!$&'()*+;=%| \"<>`{}^\\");
const headerText = fc.string({ unit: headerUnit, maxLength: 8 }).filter((text) => text.trim() === text);
const headerPrimitiveText = fc.string({ unit: fc.constantFrom(..."abcXYZ019-_~.:/?#[]@!$&'()*+;,=%| \"<>`{}^\\"), maxLength: 8 }).filter((text) => text.trim() === text);

const safeInteger = fc.maxSafeInteger();

interface Generators {
  text: fc.Arbitrary<string>;
  /** Text for array items and object values. */
  item: fc.Arbitrary<string>;
  /** Text for the extra (additionalProperties) keys of objects. */
  key: fc.Arbitrary<string>;
}

/**
 * Non-empty arrays, and not the one-item array `[""]`: an empty list is undefined in RFC 6570
 * (§2.3), so exploded it is sent as nothing, and unexploded `[]` and `[""]` are the same bytes.
 */
const arrayOf = <T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.array(item, { minLength: 1, maxLength: 4 }).filter((items) => !(items.length === 1 && items[0] === ""));

/**
 * The fixture's Color object: optional integer R, G, B and string-valued extra keys, at least one
 * key (an empty object, like an empty array, expands to nothing). Extra keys are non-empty and not
 * R/G/B or `color` (an exploded form object shares the query's namespace with the parameter names).
 */
const colorOf = (generators: Generators): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.record({ R: safeInteger, G: safeInteger, B: safeInteger }, { requiredKeys: [] }),
      fc.dictionary(generators.key.filter((key) => key !== "" && !["R", "G", "B", "color"].includes(key)), generators.item, { maxKeys: 3 }),
    )
    .map(([declared, extra]) => ({ ...extra, ...declared }))
    .filter((color) => Object.keys(color).length > 0);

/** Value generators per parameter value kind; the keys are the fixture's parameter names. */
const valuesOf = (generators: Generators): Record<string, fc.Arbitrary<Record<string, unknown>>> => ({
  primitive: fc.record({ color: generators.text, count: safeInteger, flag: fc.boolean() }),
  array: fc.record({ color: arrayOf(generators.item), counts: arrayOf(safeInteger) }),
  object: fc.record({ color: colorOf(generators) }),
});

/**
 * Path values the client refuses: a segment that is `.` or `..` (also as `%2E`) is removed or
 * climbs a level in every URL parser (RFC 3986 §5.2.4), so the request would reach another path.
 * Simple style's "." and "..", label style's "" and ".", and arrays of them serialise to such a
 * segment. And an empty segment (simple style's "") matches no route.
 */
const pathSegmentSendable = (value: Record<string, unknown>, style: string, explode: boolean): boolean =>
  Object.entries(value).every(([name, item]) => {
    const segment = serialisePathParameter(name, item, style, explode);
    return segment !== "" && !/^(?:\.|%2e){1,2}$/i.test(segment);
  });

describe("round trips: client → HTTP → server gives back the value (fast-check)", () => {
  const anyGenerators: Generators = { text: anyText, item: anyText, key: anyText };

  for (const style of ["simple", "label", "matrix"]) {
    for (const explode of [false, true]) {
      for (const kind of ["primitive", "array", "object"]) {
        it(`path ${style} explode=${explode} ${kind}`, async () => {
          const values = valuesOf(anyGenerators)[kind]!.filter((value) => pathSegmentSendable(value, style, explode));
          await fc.assert(
            fc.asyncProperty(values, async (value) => {
              const echo = await call(operationName("path", style, explode, kind), { path: value });
              expect(echo.path).toEqual(value);
            }),
            propertyOptions,
          );
        });
      }
    }
  }

  const queryCombinations: [style: string, explode: boolean, kind: string][] = [
    ["form", false, "primitive"], ["form", false, "array"], ["form", false, "object"],
    ["form", true, "primitive"], ["form", true, "array"], ["form", true, "object"],
    ["spaceDelimited", false, "array"], ["spaceDelimited", false, "object"],
    ["pipeDelimited", false, "array"], ["pipeDelimited", false, "object"],
    ["deepObject", true, "object"],
  ];
  for (const [style, explode, kind] of queryCombinations) {
    it(`query ${style} explode=${explode} ${kind}`, async () => {
      // spaceDelimited and pipeDelimited percent-encode their delimiter (%20, %7C, as the 3.1.1
      // table writes them), so a space or `|` inside a value is indistinguishable from it: the
      // specification calls such values ambiguous, and they are left out for those two styles.
      const delimiter = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : undefined;
      const text = delimiter ? anyText.filter((item) => !item.includes(delimiter)) : anyText;
      await fc.assert(
        fc.asyncProperty(valuesOf({ text, item: text, key: text })[kind]!, async (value) => {
          const echo = await call(operationName("query", style, explode, kind), { query: value });
          expect(echo.query).toEqual(value);
        }),
        propertyOptions,
      );
    });
  }

  for (const explode of [false, true]) {
    for (const kind of ["primitive", "array", "object"]) {
      it(`header simple explode=${explode} ${kind}`, async () => {
        const generators: Generators = {
          text: headerPrimitiveText,
          item: headerText,
          key: explode ? headerText.filter((key) => !key.includes("=")) : headerText,
        };
        await fc.assert(
          fc.asyncProperty(valuesOf(generators)[kind]!, async (value) => {
            const headers = Object.fromEntries(Object.entries(value).map(([name, item]) => [`X-${capitalised(name)}`, item]));
            const echo = await call(operationName("header", "simple", explode, kind), { headers });
            expect(echo.headers).toEqual(headers);
          }),
          propertyOptions,
        );
      });

      it(`cookie form explode=${explode} ${kind}`, async () => {
        await fc.assert(
          fc.asyncProperty(valuesOf(anyGenerators)[kind]!, async (value) => {
            const echo = await call(operationName("cookie", "form", explode, kind), { cookies: value });
            expect(echo.cookies).toEqual(value);
          }),
          propertyOptions,
        );
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Content parameters, allowReserved, allowEmptyValue, defaults, strict coercion
// ---------------------------------------------------------------------------------------------

const filterValue = fc.record(
  { name: anyText, tags: fc.array(anyText, { maxLength: 3 }), limit: safeInteger },
  { requiredKeys: [] },
);

describe("parameters described with content (application/json)", () => {
  it("sends the Style Examples object as percent-encoded JSON in the query, as JSON in a header and a cookie", async () => {
    const filter = { name: "blue", tags: ["a", "b"], limit: 3 };
    const echo = await call("contentParameters", { query: { filter }, headers: { "X-Filter": filter }, cookies: { filter } });
    expect(echo.target).toBe(`/parameters/content?filter=${encodeURIComponent(JSON.stringify(filter))}`);
    expect(echo.raw["x-filter"]).toBe(JSON.stringify(filter));
    expect(echo.raw["cookie"]).toBe(`filter=${encodeURIComponent(JSON.stringify(filter))}`);
    expect(echo).toMatchObject({ query: { filter }, headers: { "X-Filter": filter }, cookies: { filter } });
  });

  it("round-trips arbitrary JSON values through query, header and cookie (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(filterValue, filterValue, filterValue, async (query, header, cookie) => {
        const echo = await call("contentParameters", { query: { filter: query }, headers: { "X-Filter": header }, cookies: { filter: cookie } });
        expect(echo).toMatchObject({ query: { filter: query }, headers: { "X-Filter": header }, cookies: { filter: cookie } });
      }),
      propertyOptions,
    );
  });

  it("round-trips a JSON path parameter, percent-encoded into one segment (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(filterValue, async (selector) => {
        const echo = await call("contentPathParameter", { path: { selector } });
        expect(echo.target).toBe(`/parameters/content/${encodeURIComponent(JSON.stringify(selector))}`);
        expect(echo.path).toEqual({ selector });
      }),
      propertyOptions,
    );
  });

  it("sends and reads a text/plain content parameter as text, even when it looks like JSON", async () => {
    for (const note of ["123", "true", '{"a":1}', "a b&c"]) {
      const echo = await call("contentParameters", { query: { note } });
      expect(echo.target).toBe(`/parameters/content?note=${encodeURIComponent(note)}`);
      expect(echo.query).toEqual({ note });
    }
  });

  it("answers 422 at the parameter's location when the JSON is not valid or breaks the schema", async () => {
    const invalid = await rawGet("/parameters/content?filter=%7Bnot-json");
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.body).errors[0]).toMatchObject({ in: "query", name: "filter", loc: ["query", "filter"], keyword: "type" });
    const extra = await rawGet(`/parameters/content?filter=${encodeURIComponent('{"other":1}')}`);
    expect(extra.status).toBe(422);
    expect(JSON.parse(extra.body).errors[0]).toMatchObject({ in: "query", loc: ["query", "filter", "other"], keyword: "additionalProperties" });
  });
});

describe("allowReserved", () => {
  const reserved = ":/?@!$'()*,;[]";

  it("sends RFC 3986 reserved characters as they are only for the parameter that allows them", async () => {
    const echo = await call("reservedParameters", { query: { reserved, encoded: reserved } });
    // fetch's URL parser writes `'` as %27 in a query (WHATWG "special-query percent-encode set").
    expect(echo.target).toBe(`/parameters/reserved?reserved=${reserved.replace("'", "%27")}&encoded=${encodeURIComponent(reserved).replace("'", "%27")}`);
    expect(echo.query).toEqual({ reserved, encoded: reserved });
  });

  it("still percent-encodes what would change how the query is split or decoded: & = + # % and space", async () => {
    const value = "a&b=c+d#e%f g";
    const echo = await call("reservedParameters", { query: { reserved: value, reservedList: [value, "x,y"] } });
    expect(echo.target).toBe("/parameters/reserved?reserved=a%26b%3Dc%2Bd%23e%25f%20g&reservedList=a%26b%3Dc%2Bd%23e%25f%20g&reservedList=x,y");
    expect(echo.query).toEqual({ reserved: value, reservedList: [value, "x,y"] });
  });

  it("round-trips arbitrary text with allowReserved (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, arrayOf(anyText), async (text, list) => {
        const echo = await call("reservedParameters", { query: { reserved: text, reservedList: list } });
        expect(echo.query).toEqual({ reserved: text, reservedList: list });
      }),
      propertyOptions,
    );
  });
});

describe("allowEmptyValue", () => {
  it("takes an empty value of a non-string parameter as not sent (its default applies) only when allowed", async () => {
    for (const target of ["/parameters/empty?flag=", "/parameters/empty?flag"]) {
      const response = await rawGet(target);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).query).toEqual({ flag: false });
    }
    const strict = await rawGet("/parameters/empty?count=");
    expect(strict.status).toBe(422);
    expect(JSON.parse(strict.body).errors[0]).toMatchObject({ in: "query", name: "count", loc: ["query", "count"], keyword: "type" });
  });

  it("keeps an empty string as the empty string", async () => {
    const echo = await call("emptyValueParameters", { query: { text: "" } });
    expect(echo.target).toBe("/parameters/empty?text=");
    expect(echo.query).toEqual({ text: "", flag: false });
  });
});

describe("defaults, required parameters and strict coercion", () => {
  const required = { path: { id: 7 }, query: { q: "x" }, headers: { "X-Retries": 2 }, cookies: { visits: 3 } };

  it("applies the schema defaults of absent query, header and cookie parameters", async () => {
    const echo = await call("defaultedParameters", required);
    expect(echo).toMatchObject({
      path: { id: 7 },
      query: { q: "x", limit: 20, sort: "asc", tags: ["new"] },
      headers: { "X-Retries": 2, "X-Mode": "fast" },
      cookies: { visits: 3, session: "anonymous" },
    });
  });

  it("does not let one request's default leak into the next (each request gets its own copy of a defaulted array)", async () => {
    const first = await call("defaultedParameters", required);
    (first.query["tags"] as string[]).push("changed");
    expect((await call("defaultedParameters", required)).query["tags"]).toEqual(["new"]);
  });

  it.each([
    ["query", "q", { ...required, query: {} }],
    ["header", "X-Retries", { ...required, headers: {} }],
    ["cookie", "visits", { ...required, cookies: {} }],
  ])("answers 422 with loc [%s, %s] when a required parameter is missing", async (location, name, request) => {
    const result = await client["defaultedParameters"]!(request);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ code: "SPW_HTTP_VALIDATION", errors: [{ in: location, loc: [location, name], keyword: "required" }] });
  });

  const base = "/parameters/defaults/7?q=x";
  const headers = { "x-retries": "2", cookie: "visits=3" };
  it.each([
    ["0x10"], ["1e3"], ["%201"], ["1.5"], ["%2B1"], ["1_000"], ["%EF%BC%91"],
  ])("rejects the integer %j with 422 at [query, limit]", async (text) => {
    const response = await rawGet(`${base}&limit=${text}`, headers);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).errors).toEqual([expect.objectContaining({ in: "query", name: "limit", loc: ["query", "limit"], keyword: "type" })]);
  });

  it.each([["9007199254740993", "maximum"], ["-9007199254740993", "minimum"]])("rejects the integer %j, beyond what a number holds exactly, with 422 (%s) at [query, limit], never rounded", async (text, keyword) => {
    const response = await rawGet(`${base}&limit=${text}`, headers);
    expect(response.status).toBe(422);
    // The schema's own bounds (`limit` has `maximum: 100`) may be reported beside it.
    expect(JSON.parse(response.body).errors[0]).toEqual(
      expect.objectContaining({ in: "query", name: "limit", loc: ["query", "limit"], keyword, message: expect.stringContaining("cannot be read exactly") }),
    );
  });

  it.each([["TRUE"], ["1"], ["yes"], ["on"], [""]])("rejects the boolean %j with 422 at [query, verbose]", async (text) => {
    const response = await rawGet(`${base}&verbose=${text}`, headers);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({ in: "query", name: "verbose", loc: ["query", "verbose"], keyword: "type" });
  });

  it("accepts true/false, safe integers at the edge and decimal numbers", async () => {
    const response = await rawGet(`/parameters/defaults/9007199254740991?q=x&verbose=false&limit=100&size=1e3`, headers);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ path: { id: 9007199254740991 }, query: { verbose: false, limit: 100, size: 1000 } });
  });

  it("reports the location of strict-coercion failures in the path, header and cookie too", async () => {
    const path = await rawGet("/parameters/defaults/0x10?q=x", headers);
    expect(JSON.parse(path.body).errors[0]).toMatchObject({ in: "path", name: "id", loc: ["path", "id"], keyword: "type" });
    const header = await rawGet(base, { ...headers, "x-retries": "1e3" });
    expect(JSON.parse(header.body).errors[0]).toMatchObject({ in: "header", name: "X-Retries", loc: ["header", "X-Retries"], keyword: "type" });
    const cookie = await rawGet(base, { ...headers, cookie: "visits=true" });
    expect(JSON.parse(cookie.body).errors[0]).toMatchObject({ in: "cookie", name: "visits", loc: ["cookie", "visits"], keyword: "type" });
  });

  it("answers 422 for a scalar given twice instead of picking one", async () => {
    const response = await rawGet(`${base}&limit=1&limit=2`, headers);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({ in: "query", loc: ["query", "limit"] });
  });

  it("ignores unknown query parameters by default", async () => {
    const response = await rawGet(`${base}&unknown=1`, headers);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).query).not.toHaveProperty("unknown");
  });

  it("rejects unknown query parameters with 422 at [query, name] when rejectUnknownQueryParameters is set", async () => {
    const strict = createServer(api, handlers, { logger: false, docs: false, limits: { rejectUnknownQueryParameters: true } });
    const strictUrl = (await strict.listen(0, "127.0.0.1")).url;
    try {
      const get = (target: string, extra: Record<string, string> = {}) => fetch(`${strictUrl}${target}`, { headers: extra });
      const unknown = await get(`${base}&%75nknown=1`, headers);
      expect(unknown.status).toBe(422);
      expect((await unknown.json()).errors).toEqual([expect.objectContaining({ in: "query", name: "unknown", loc: ["query", "unknown"] })]);
      // deepObject keys belong to their parameter; an exploded form object owns every other key.
      expect((await get(`${routePrefix("query", "deepObject", true, "object")}?color%5BR%5D=1`)).status).toBe(200);
      expect((await get(`${routePrefix("query", "deepObject", true, "object")}?color%5BR%5D=1&colour=2`)).status).toBe(422);
      expect((await get(`${routePrefix("query", "form", true, "object")}?anything=1`)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it("round-trips arbitrary decimal numbers (fast-check)", async () => {
    // -0 is left out: it is written "0" (JSON and String() both drop the sign).
    const size = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0));
    await fc.assert(
      fc.asyncProperty(size, async (value) => {
        const echo = await call("defaultedParameters", { ...required, query: { q: "x", size: value } });
        expect(echo.query["size"]).toBe(value);
      }),
      propertyOptions,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// application/x-www-form-urlencoded bodies and their Encoding Objects
// ---------------------------------------------------------------------------------------------

describe("form bodies follow the Encoding Object's style and explode", () => {
  const fields = { name: "a b&c", count: 3, flag: true, tags: ["blue", "black", "brown"], counts: [1, 2], color: { R: 100, G: 200, B: 150 } };
  const common = "name=a%20b%26c&count=3&flag=true";
  const bodies: [variant: string, body: string][] = [
    ["default", `${common}&tags=blue&tags=black&tags=brown&counts=1&counts=2&R=100&G=200&B=150`],
    ["unexploded", `${common}&tags=blue,black,brown&counts=1,2&color=R,100,G,200,B,150`],
    ["spaceDelimited", `${common}&tags=blue%20black%20brown&counts=1%202&color=R%20100%20G%20200%20B%20150`],
    ["pipeDelimited", `${common}&tags=blue%7Cblack%7Cbrown&counts=1%7C2&color=R%7C100%7CG%7C200%7CB%7C150`],
    ["deepObject", `${common}&tags=blue,black,brown&counts=1,2&color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150`],
  ];

  it.each(bodies)("%s: the client sends %j and the server parses every field", async (variant, body) => {
    const echo = await call(`form${capitalised(variant)}`, { body: fields });
    expect(lastSent?.body).toBe(body);
    expect(echo.raw["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(echo.body).toEqual(fields);
  });

  for (const [variant] of bodies) {
    it(`${variant}: arbitrary fields round-trip (fast-check)`, async () => {
      // As for query parameters: the percent-encoded space and pipe delimiters make values that
      // contain them ambiguous, and an exploded form object shares the body's field names.
      const delimiter = variant === "spaceDelimited" ? " " : variant === "pipeDelimited" ? "|" : undefined;
      const text = delimiter ? anyText.filter((item) => !item.includes(delimiter)) : anyText;
      const key = text.filter((item) => !["name", "count", "flag", "tags", "counts"].includes(item));
      const values = fc.record(
        { name: anyText, count: safeInteger, flag: fc.boolean(), tags: arrayOf(text), counts: arrayOf(safeInteger), color: colorOf({ text, item: text, key }) },
        // An empty object is an empty form body, which the runtime reads as {} (not as no body).
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const echo = await call(`form${capitalised(variant)}`, { body: value });
          expect(echo.body).toEqual(value);
        }),
        propertyOptions,
      );
    });
  }
});

describe("prototype-named keys are ordinary data: own properties of null-prototype objects, never a route to Object.prototype", () => {
  const hostile = JSON.parse('{"__proto__":"x","constructor":"y","prototype":"z","R":1}') as Record<string, unknown>;
  const objectOperations: [location: string, style: string, explode: boolean][] = [
    ["path", "simple", true], ["path", "label", false], ["path", "matrix", true],
    ["query", "form", true], ["query", "form", false], ["query", "deepObject", true], ["query", "pipeDelimited", false],
    ["header", "simple", true], ["cookie", "form", false],
  ];

  it.each(objectOperations)("%s %s explode=%s: __proto__, constructor and prototype keys come back as own properties", async (location, style, explode) => {
    const argument = location === "header" ? { headers: { "X-Color": hostile } } : { [location === "cookie" ? "cookies" : location]: { color: hostile } };
    const echo = await call(operationName(location, style, explode, "object"), argument);
    const received = (location === "header" ? echo.headers["X-Color"] : (echo as unknown as Record<string, Record<string, unknown>>)[location === "cookie" ? "cookies" : location]!["color"]) as Record<string, unknown>;
    expect(Object.keys(received).sort()).toEqual(["R", "__proto__", "constructor", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(received, "__proto__")?.value).toBe("x");
  });
});

describe("the fixture's generated code", () => {
  it("passes tsc --strict (content parameters and form encodings in the client descriptors included)", async () => {
    expect(await typecheckGenerated(out)).toBe("");
  });
});

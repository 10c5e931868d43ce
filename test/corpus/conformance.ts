/**
 * The conformance runner: for each real third-party spec of shared/corpus/public.txt it generates
 * into a folder of its own, type-checks the output with `tsc --strict`, loads the route table,
 * starts a server with stub handlers and sends a few valid and invalid requests, checking the
 * status codes. Used by `npm run conformance` (every spec) and by the test suite (a few).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { generate, SpecError, type ApiModel } from "specwright";
import type { ApiDefinition, ApiServer } from "specwright/runtime";
import { createServer } from "specwright/runtime";
import { stackOverflowMarker } from "../../src/emit/validators.js";
import { loadDocument } from "../../src/load/load-document.js";
import { buildModel } from "../../src/model/build-model.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const run = promisify(execFile);

/** One line of public.txt: `package@version:path/inside/package`. */
export interface CorpusEntry {
  packageName: string;
  version: string;
  file: string;
}

/** One row of the conformance table. */
export interface ConformanceRow {
  spec: string;
  operations: number;
  generateMs: number;
  tscMs: number;
  /** Smoke requests sent and how many answered as expected. */
  requests: number;
  result: "pass" | "fail";
  reason?: string;
}

/** Reads public.txt: one `package@version:path` per line; blank lines and `#` comments skipped. */
export async function readCorpusList(file: string): Promise<CorpusEntry[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const colon = line.indexOf(":");
      const packageAndVersion = line.slice(0, colon);
      const at = packageAndVersion.lastIndexOf("@");
      return { packageName: packageAndVersion.slice(0, at), version: packageAndVersion.slice(at + 1), file: line.slice(colon + 1) };
    });
}


/** Runs every entry in turn; a failing spec gives a failed row and the run goes on. */
export async function runConformance(entries: CorpusEntry[], workspace: string, log: (line: string) => void = () => {}): Promise<ConformanceRow[]> {
  const rows: ConformanceRow[] = [];
  for (const entry of entries) {
    const row = await runOne(entry, workspace);
    log(formatRow(row));
    rows.push(row);
  }
  return rows;
}

async function runOne(entry: CorpusEntry, workspace: string): Promise<ConformanceRow> {
  const spec = `${entry.packageName}@${entry.version}:${entry.file}`;
  const row: ConformanceRow = { spec, operations: 0, generateMs: 0, tscMs: 0, requests: 0, result: "fail" };
  const installed = JSON.parse(await readFile(path.resolve("node_modules", entry.packageName, "package.json"), "utf8")).version;
  if (installed !== entry.version) return { ...row, reason: `${entry.packageName} ${installed} is installed, the list wants ${entry.version}` };
  const out = path.join(workspace, entry.file.replace(/[^A-Za-z0-9]+/g, "_"));
  let model: ApiModel;
  const started = performance.now();
  const specFile = path.resolve("node_modules", entry.packageName, entry.file);
  try {
    try {
      model = (await generate({ spec: specFile, out })).model;
    } catch (error) {
      if (!(error instanceof SpecError) || !error.diagnostics.some((item) => item.message.startsWith(stackOverflowMarker))) throw error;
      // The command reruns itself with a larger stack for such specs; do what a user would.
      await run(process.execPath, [path.resolve("dist/cli/specwright.js"), "generate", specFile, "--out", out, "--quiet"], { maxBuffer: 64 << 20 });
      model = buildModel(await loadDocument(specFile), { source: "spec" }).model;
    }
  } catch (error) {
    row.generateMs = Math.round(performance.now() - started);
    const reason = error instanceof SpecError ? error.diagnostics.filter((item) => item.severity === "error").map((item) => `${item.code} ${item.message} ${item.pointer ?? ""}`)[0] : String(error);
    return { ...row, reason: `generate: ${reason}` };
  }
  row.generateMs = Math.round(performance.now() - started);
  row.operations = model.operations.length;

  const tscStarted = performance.now();
  const typeErrors = await typecheckGenerated(out);
  row.tscMs = Math.round(performance.now() - tscStarted);
  if (typeErrors) return { ...row, reason: `tsc: ${typeErrors.split("\n")[0]}` };

  try {
    const routes = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition };
    const outcome = await smoke(routes.api, model);
    row.requests = outcome.sent;
    if (outcome.failures.length > 0) return { ...row, reason: `smoke: ${outcome.failures[0]}` };
  } catch (error) {
    return { ...row, reason: `serve: ${(error as Error).message}` };
  }
  return { ...row, result: "pass" };
}

/** A sample string for a parameter schema, or undefined when none can be made (patterns). */
function sampleValue(schema: unknown): string | undefined {
  if (!schema || typeof schema !== "object") return "x";
  const object = schema as Record<string, unknown>;
  if (Array.isArray(object["enum"]) && object["enum"].length > 0) return String(object["enum"][0]);
  // The spec's own example or default is the likeliest valid value.
  for (const candidate of [object["example"], Array.isArray(object["examples"]) ? object["examples"][0] : undefined, object["default"]]) {
    if (typeof candidate === "string" || typeof candidate === "number" || typeof candidate === "boolean") return String(candidate);
  }
  if (object["$ref"] || object["pattern"] || object["oneOf"] || object["anyOf"] || object["allOf"]) return undefined;
  const type = Array.isArray(object["type"]) ? object["type"].find((item) => item !== "null") : object["type"];
  switch (type) {
    case "integer":
    case "number": {
      const lower = typeof object["minimum"] === "number" ? object["minimum"] : typeof object["exclusiveMinimum"] === "number" ? object["exclusiveMinimum"] + 1 : 1;
      const step = typeof object["multipleOf"] === "number" ? object["multipleOf"] : 1;
      return String(Math.ceil(lower / step) * step);
    }
    case "boolean":
      return "true";
    case "array":
    case "object":
      return undefined;
  }
  const samples: Record<string, string> = {
    "date-time": "2024-01-02T03:04:05Z", date: "2024-01-02", uuid: "123e4567-e89b-12d3-a456-426614174000",
    email: "someone@example.com", uri: "https://example.com/x", "uri-reference": "https://example.com/x", hostname: "example.com",
    ipv4: "127.0.0.1", ipv6: "::1", byte: "eA==",
  };
  const format = typeof object["format"] === "string" ? samples[object["format"]] : undefined;
  if (typeof object["format"] === "string" && !format && !["password", "binary", "int32", "int64"].includes(object["format"])) return undefined;
  const minimum = typeof object["minLength"] === "number" ? object["minLength"] : 1;
  return format ?? "x".repeat(Math.max(1, Math.min(minimum, 64)));
}

/**
 * Starts the API with stub handlers (each answers its first declared status, with response
 * validation off) and permissive security verifiers, then for up to three operations sends a
 * request built from the spec (expects the stub's status) and, where a typed parameter exists, one
 * with a wrong type (expects 422). Also checks an unknown path gives 404.
 */
async function smoke(api: ApiDefinition, model: ApiModel): Promise<{ sent: number; failures: string[] }> {
  const called: string[] = [];
  const handlers = new Proxy({}, {
    get: (_target, name: string) => () => {
      called.push(name);
      const route = api.routes.find((candidate) => candidate.handler === name)!;
      const declared = route.responses.find((response) => /^[1-5][0-9][0-9]$/.test(response.status) && response.contents.length === 0) ??
        route.responses.find((response) => /^2[0-9][0-9]$/.test(response.status)) ??
        route.responses.find((response) => /^[1-5][0-9][0-9]$/.test(response.status));
      const status = declared ? Number(declared.status) : 200;
      const headers = Object.fromEntries((declared?.headers ?? []).map((header) => [header.name, "1"]));
      return { status, headers, ...(declared && declared.contents.length > 0 ? { body: {} , contentType: declared.contents[0]!.mediaType.includes("*") ? "application/json" : declared.contents[0]!.mediaType } : {}) };
    },
  });
  const security = new Proxy({}, { get: () => () => ({ stub: true }) });
  const server: ApiServer = createServer(api, handlers, { security, logger: false, validateResponses: false, docs: false } as never);
  const { url } = await server.listen(0, "127.0.0.1");
  const failures: string[] = [];
  let sent = 0;
  try {
    const candidates = model.operations.filter((operation) => !operation.requestBody?.required);
    let checked = 0;
    for (const operation of candidates) {
      if (checked === 3) break;
      const route = api.routes.find((candidate) => candidate.operationId === operation.operationId)!;
      const request = buildRequest(operation, api);
      if (!request) continue;
      // A static route elsewhere can win over this one's parameter segments; only check ours.
      if (route.path.includes("{") && model.operations.some((other) => other !== operation && other.method === operation.method && pathMatches(other.path, request.path))) continue;
      checked++;
      const before = called.length;
      sent++;
      const response = await fetch(url + request.path + request.query, { method: operation.method.toUpperCase(), headers: request.headers });
      const text = await response.text();
      if (called.length !== before + 1) {
        failures.push(`${operation.method.toUpperCase()} ${request.path}${request.query} was answered ${response.status} without calling the handler: ${text.slice(0, 300)}`);
        continue;
      }
      if (request.invalid) {
        sent++;
        const invalid = await fetch(url + request.invalid.path + request.invalid.query, { method: operation.method.toUpperCase(), headers: request.headers });
        const body = await invalid.text();
        if (invalid.status !== 422) failures.push(`${operation.method.toUpperCase()} ${request.invalid.path}${request.invalid.query} gave ${invalid.status}, expected 422: ${body.slice(0, 200)}`);
      }
    }
    sent++;
    const unknown = await fetch(`${url}/specwright-conformance/no/such/path`);
    await unknown.arrayBuffer();
    if (unknown.status !== 404 && unknown.status !== 405) failures.push(`unknown path gave ${unknown.status}`);
  } finally {
    await server.close();
  }
  return { sent, failures };
}

function pathMatches(template: string, concrete: string): boolean {
  const left = template.split("/");
  const right = concrete.split("/");
  return left.length === right.length && left.every((segment, index) => !segment.includes("{") && segment === right[index]);
}

interface BuiltRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  invalid?: { path: string; query: string };
}

/** A request that satisfies the operation's required parameters and security, or undefined. */
function buildRequest(operation: ApiModel["operations"][number], api: ApiDefinition): BuiltRequest | undefined {
  let path = operation.path;
  const query: string[] = [];
  const headers: Record<string, string> = {};
  let invalid: { name: string; in: string } | undefined;
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    if (parameter.style !== "simple" && parameter.style !== "form") return undefined;
    const value = sampleValue(parameter.schema);
    if (value === undefined) return undefined;
    const typed = parameter.coercion.type === "integer" || parameter.coercion.type === "number" || parameter.coercion.type === "boolean";
    if (typed && !invalid && (parameter.in === "path" || parameter.in === "query")) invalid = { name: parameter.name, in: parameter.in };
    if (parameter.in === "path") path = path.split(`{${parameter.name}}`).join(encodeURIComponent(value));
    else if (parameter.in === "query") query.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(value)}`);
    else if (parameter.in === "header") headers[parameter.name] = value;
    else headers["cookie"] = `${headers["cookie"] ? headers["cookie"] + "; " : ""}${parameter.name}=${encodeURIComponent(value)}`;
  }
  if (path.includes("{")) return undefined;
  for (const { scheme } of operation.security[0] ?? []) {
    const definition = api.securitySchemes[scheme];
    if (!definition) return undefined;
    if (definition.type === "apiKey") {
      if (definition.in === "header") headers[definition.name] = "key";
      else if (definition.in === "query") query.push(`${encodeURIComponent(definition.name)}=key`);
      else headers["cookie"] = `${headers["cookie"] ? headers["cookie"] + "; " : ""}${definition.name}=key`;
    } else if (definition.type === "http" && definition.scheme === "basic") headers["authorization"] = `Basic ${Buffer.from("user:pass").toString("base64")}`;
    else if (definition.type === "http" && definition.scheme !== "bearer") return undefined;
    else if (definition.type === "mutualTLS") return undefined;
    else headers["authorization"] = "Bearer token";
  }
  const queryText = query.length > 0 ? `?${query.join("&")}` : "";
  const built: BuiltRequest = { path, query: queryText, headers };
  if (invalid) {
    const wrong = "not-a-number";
    if (invalid.in === "path") {
      const parameter = operation.parameters.find((item) => item.in === "path" && item.name === invalid!.name)!;
      let invalidPath = operation.path;
      for (const item of operation.parameters.filter((candidate) => candidate.in === "path")) {
        invalidPath = invalidPath.split(`{${item.name}}`).join(item === parameter ? wrong : encodeURIComponent(sampleValue(item.schema) ?? "x"));
      }
      built.invalid = { path: invalidPath, query: queryText };
    } else {
      const replaced = query.map((pair) => (pair.startsWith(`${encodeURIComponent(invalid!.name)}=`) ? `${encodeURIComponent(invalid!.name)}=${wrong}` : pair));
      built.invalid = { path, query: `?${replaced.join("&")}` };
    }
  }
  return built;
}

/** One table row as text. */
export function formatRow(row: ConformanceRow): string {
  return [
    row.result.toUpperCase().padEnd(5),
    row.spec.padEnd(72),
    String(row.operations).padStart(5),
    `${row.generateMs} ms`.padStart(10),
    `${row.tscMs} ms`.padStart(10),
    String(row.requests).padStart(3),
    row.reason ?? "",
  ].join("  ");
}

/** The whole table with a header and a summary line. */
export function formatTable(rows: ConformanceRow[]): string {
  const header = ["result", "spec".padEnd(71), "ops", "generate".padStart(10), "tsc".padStart(10), "req", "reason"].join("  ");
  const passed = rows.filter((row) => row.result === "pass").length;
  return [header, ...rows.map(formatRow), `${passed} of ${rows.length} specs pass`].join("\n");
}

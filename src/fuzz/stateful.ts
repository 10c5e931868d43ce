/**
 * Stateful sequences: a resource created through a collection path is read back, deleted, and
 * read again, along the REST conventions `POST /things` → `GET|DELETE /things/{id}`, and along the
 * `links` a creating response declares (OpenAPI 3.1 §4.8.20 Link Object, with the runtime
 * expressions of §4.8.20.4: `$response.body#/id`, `$response.header.Location`, `$request.path.x`).
 */
import fc from "fast-check";
import type { ApiModel, Operation, Parameter } from "../model/ir.js";
import { resolvePointer as valueAt } from "../wire/json-pointer.js";
import { checkResponse, type CheckName, type WireResponse } from "./checks.js";
import { count, operationSeed, recordFailure, send, type OperationReport, type RunContext } from "./fuzz.js";
import { resolvePointer } from "./oracle.js";
import { bodySchemaPointer, operationArbitraries, type RequestCase, type WireRequest } from "./requests.js";

/** Runs the CRUD and link sequences of every collection path with a creating POST. */
export async function runStateful(run: RunContext, operations: Operation[], reports: OperationReport[]): Promise<void> {
  const responseChecks = new Set<CheckName>([...run.active].filter((check) => ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance", "response_headers_conformance"].includes(check)));
  for (const create of operations) {
    if (create.method !== "post" || performance.now() > run.deadline) continue;
    const itemOperations = run.model.operations.filter((operation) => isItemPathOf(operation.path, create.path));
    const read = itemOperations.find((operation) => operation.method === "get");
    const remove = itemOperations.find((operation) => operation.method === "delete");
    const links = linksOf(run.model, create);
    if (!read && links.length === 0) continue;
    const report = reports.find((item) => item.operationId === create.operationId)!;
    const created = await sendValid(run, create, {}, report, responseChecks);
    if (!created || created.response.status < 200 || created.response.status >= 300) continue;
    const body = parseJson(created.response);
    // Links to reads only, so no link deletes the resource before it is read back below.
    for (const link of links) if (link.target.method === "get") await followLink(run, link, created, body, reports, responseChecks);
    if (!read) continue;
    const parameter = read.parameters.find((item) => item.in === "path" && read.path.endsWith(`{${item.name}}`))!;
    const id = identifierOf(body, parameter.name, created.response);
    if (id === undefined) continue;
    const readReport = reports.find((item) => item.operationId === read.operationId) ?? report;
    // The parent path parameters (`/users/{uid}/things/{id}`) are the creating request's.
    const itemPath = { ...created.case.parameters.path, [parameter.name]: id };
    const first = await sendValid(run, read, itemPath, readReport, responseChecks);
    if (first && first.response.status === 404) {
      recordFailure(readReport, read, { check: "ensure_resource_availability", message: `${create.method.toUpperCase()} ${create.path} answered ${created.response.status}, then reading it back answered 404` }, first.request, first.response);
      continue;
    }
    if (!remove) continue;
    const removeReport = reports.find((item) => item.operationId === remove.operationId) ?? report;
    const deleted = await sendValid(run, remove, itemPath, removeReport, responseChecks);
    if (!deleted || deleted.response.status < 200 || deleted.response.status >= 300) continue;
    const after = await sendValid(run, read, itemPath, readReport, responseChecks);
    if (after && after.response.status !== 404 && after.response.status !== 410) {
      recordFailure(readReport, read, { check: "use_after_free", message: `after DELETE answered ${deleted.response.status}, reading the resource answered ${after.response.status}` }, after.request, after.response);
    }
  }
}

/** Whether `path` is `collection/{parameter}`: one more segment, a parameter (`/books/{bookId}` of `/books`). */
export function isItemPathOf(path: string, collection: string): boolean {
  const prefix = collection.replace(/\/+$/, "") + "/";
  return path.startsWith(prefix) && /^\{[^}/]+\}$/.test(path.slice(prefix.length));
}

interface Sent {
  request: WireRequest;
  response: WireResponse;
  case: RequestCase;
}

/** Sends a valid request of `operation` with the given path parameters, checking its response. */
async function sendValid(run: RunContext, operation: Operation, path: Record<string, unknown>, report: OperationReport, responseChecks: ReadonlySet<CheckName>, overrides: Partial<Record<Parameter["in"], Record<string, unknown>>> = {}): Promise<Sent | undefined> {
  const arbitraries = operationArbitraries(operation, run.generation);
  if (!arbitraries.positive) return undefined;
  const samples = fc.sample(arbitraries.positive, { seed: operationSeed(run.seed, `stateful ${operation.operationId}`), numRuns: 10 });
  for (const sample of samples) {
    const request: RequestCase = {
      ...sample,
      parameters: {
        path: { ...sample.parameters.path, ...path, ...overrides.path },
        query: { ...sample.parameters.query, ...overrides.query },
        header: { ...sample.parameters.header, ...overrides.header },
        cookie: { ...sample.parameters.cookie, ...overrides.cookie },
      },
    };
    const bodyValid = !request.body || request.body.content.schema === undefined || run.oracle.isValid(bodySchemaPointer(request.body.content), "request", request.body.value);
    if (!bodyValid) continue;
    const wire = await run.writer.write(operation, request, "valid");
    if (!wire) continue;
    const response = await send(run, wire);
    count(report, response, "other", false);
    for (const finding of checkResponse(operation, response, run.oracle, responseChecks)) recordFailure(report, operation, finding, wire, response);
    return { request: wire, response, case: request };
  }
  return undefined;
}

function parseJson(response: WireResponse): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    return undefined;
  }
}

/** The new resource's identifier: the body's property of the path parameter's name, its `id`, or the last segment of Location. */
export function identifierOf(body: unknown, name: string, response: Pick<WireResponse, "headers">): unknown {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (record[name] !== undefined && typeof record[name] !== "object") return record[name];
    if (record["id"] !== undefined && typeof record["id"] !== "object") return record["id"];
  }
  const location = response.headers.get("location");
  if (location) {
    const last = location.replace(/[?#].*$/, "").split("/").filter(Boolean).pop() ?? "";
    try {
      return decodeURIComponent(last);
    } catch {
      return last;
    }
  }
  return undefined;
}

/** A Link Object (OpenAPI 3.1 §4.8.20) of a 2xx response, its target operation found. */
export interface Link {
  target: Operation;
  /** Parameter name (or `in.name`) → runtime expression or constant. */
  parameters: Record<string, unknown>;
  status: string;
}

/** The Link Objects of an operation's 2xx responses whose target operation is known. */
export function linksOf(model: ApiModel, operation: Operation): Link[] {
  const links: Link[] = [];
  for (const response of operation.responses) {
    if (!/^2/.test(response.status)) continue;
    const raw = resolvePointer(model.document, `${response.pointer}/links`);
    if (!raw || typeof raw !== "object") continue;
    for (const value of Object.values(raw as Record<string, unknown>)) {
      const link = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
      const target = typeof link["operationId"] === "string" ? model.operations.find((item) => item.operationId === link["operationId"]) : undefined;
      if (target && link["parameters"] && typeof link["parameters"] === "object") links.push({ target, parameters: link["parameters"] as Record<string, unknown>, status: response.status });
    }
  }
  return links;
}

/** Follows one link from a created resource: its parameters from runtime expressions, then the checks. */
async function followLink(run: RunContext, link: Link, created: Sent, body: unknown, reports: OperationReport[], responseChecks: ReadonlySet<CheckName>): Promise<void> {
  const overrides: Partial<Record<Parameter["in"], Record<string, unknown>>> = {};
  const exchange: Exchange = {
    request: { ...created.case.parameters, body: created.case.body?.value },
    response: { body, header: (name) => created.response.headers.get(name) ?? undefined },
  };
  for (const [key, expression] of Object.entries(link.parameters)) {
    const parameter = linkParameter(link, key);
    if (!parameter) continue;
    const value = evaluateExpression(expression, exchange);
    if (value === undefined) return;
    (overrides[parameter.in] ??= {})[parameter.name] = value;
  }
  const report = reports.find((item) => item.operationId === link.target.operationId);
  if (!report) return;
  const followed = await sendValid(run, link.target, {}, report, responseChecks, overrides);
  if (followed && link.target.method === "get" && followed.response.status === 404) {
    recordFailure(report, link.target, { check: "ensure_resource_availability", message: `the link from ${created.request.method} ${link.status} to ${link.target.operationId} answered 404` }, followed.request, followed.response);
  }
}

/** The target operation's parameter a key of a link's `parameters` names: `name`, or `in.name` for a name several locations share (§4.8.20.1). */
export function linkParameter(link: Link, key: string): Parameter | undefined {
  const qualified = /^(path|query|header|cookie)\.(.+)$/.exec(key);
  return link.target.parameters.find((item) => (qualified ? item.in === qualified[1] && item.name === qualified[2] : item.name === key));
}

/** What a runtime expression (§4.8.20.4) can read of a creating request and its response. */
export interface Exchange {
  request: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown>; body: unknown };
  response: { body: unknown; header(name: string): string | undefined };
}

/** Evaluates a runtime expression (§4.8.20.4) against a creating exchange; constants pass through; undefined when it names nothing there. */
export function evaluateExpression(expression: unknown, exchange: Exchange): unknown {
  if (typeof expression !== "string" || !expression.startsWith("$")) return expression;
  if (expression === "$response.body") return exchange.response.body;
  if (expression.startsWith("$response.body#")) return valueAt(exchange.response.body, expression.slice("$response.body".length));
  if (expression.startsWith("$response.header.")) return exchange.response.header(expression.slice("$response.header.".length));
  const request = /^\$request\.(path|query|header)\.(.+)$/.exec(expression);
  if (request) return exchange.request[request[1] as "path" | "query" | "header"][request[2]!];
  if (expression.startsWith("$request.body#")) return valueAt(exchange.request.body, expression.slice("$request.body".length));
  return undefined;
}

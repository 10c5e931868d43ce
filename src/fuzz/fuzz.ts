/**
 * `fuzz()`: property-based contract testing of a running server against its spec. For every
 * operation it sends valid requests (which must not be refused) and requests with exactly one
 * thing wrong (which must get a 4xx and never reach the handler), checks every response against
 * what the spec declares, and probes security and undeclared methods; with `stateful`, it follows
 * create → read → delete → read along the spec's CRUD paths and its `links`.
 *
 * Requests are written by the generated client's own rules (see requests.ts); validity is judged
 * by an independent JSON Schema implementation (oracle.ts); generation is seeded and shrinking
 * (fast-check), so a failure is reported as a small request that reproduces it.
 */
import fc from "fast-check";
import type { CredentialSource, Transport, TransportRequest } from "../client/index.js";
import type { LoadOptions } from "../load/load-document.js";
import type { ApiModel, HttpMethod, Operation } from "../model/ir.js";
import type { InjectTarget } from "../runtime/inject.js";
import { createGenerationContext, unsatisfiable, type GenerationContext } from "./arbitraries.js";
import { checkNegative, checkPositive, checkResponse, checks, type CheckFinding, type CheckName, type WireResponse } from "./checks.js";
import { createOracle, type Oracle } from "./oracle.js";
import { someReadingIsValid } from "./readings.js";
import { bodyKindOf, bodySchemaPointer, objectBodySchema, createRequestWriter, curlCommand, operationArbitraries, parameterSchemaPointer, type RequestCase, type RequestWriter, type WireRequest } from "./requests.js";
import { runStateful } from "./stateful.js";

export type { CheckName } from "./checks.js";
export { checks } from "./checks.js";

/** Every check, in the order they are reported. */
export const allChecks: readonly CheckName[] = Object.keys(checks) as CheckName[];

/** What `fuzz` runs against: a base URL (`http://127.0.0.1:3000/api`), or a server to call in process. */
export type FuzzTarget = string | InjectTarget;

/** Options of {@link fuzz}. */
export interface FuzzOptions extends LoadOptions {
  /** The spec file (YAML or JSON). Default `spec/openapi.yaml`. Ignored when `model` is given. */
  spec?: string;
  /** A model already built from the spec (what `generate()` returns), instead of `spec`. */
  model?: ApiModel;
  /** The checks to run. Default: all but the stateful ones (`use_after_free`, `ensure_resource_availability`), which `stateful` adds. */
  checks?: readonly CheckName[];
  /**
   * Valid and invalid examples per operation and round (each is one request, plus shrinking; a
   * property that fails runs again without the failed checks, up to 4 rounds). Default 25.
   */
  maxExamples?: number;
  /** The seed; the same seed, spec and server give the same requests. Default: a random one, reported. */
  seed?: number;
  /** Time budget of the whole run in ms; operations not reached are reported as skipped. Default none. */
  timeLimitMs?: number;
  /** Per-request timeout in ms, for URL targets. Default 10 000. */
  requestTimeoutMs?: number;
  /**
   * Credentials by security scheme name, as the generated client takes them; for an `http`
   * `basic` scheme a string `user:password` is read as the username and password (RFC 7617).
   */
  credentials?: Record<string, CredentialSource>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Only these operationIds. Default all. */
  operations?: readonly string[];
  /** Also run CRUD sequences and `links` (create → read → delete → read). */
  stateful?: boolean;
  /**
   * Whether a response came from the handler rather than from the server's own request checks.
   * Default: any status below 400. Servers with stub handlers say how their stubs answer.
   */
  reachedHandler?: (response: WireResponse) => boolean;
  /** Called after each operation, for progress output. */
  onOperation?: (report: OperationReport) => void;
}

/** The response of a failing request, as reported. */
export interface ReportedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut at 2 000 characters. */
  body: string;
}

/** One failed check, with a request that reproduces it. */
export interface FuzzFailure {
  check: CheckName;
  operationId: string;
  method: string;
  path: string;
  message: string;
  /** The check's rule and where it comes from. */
  rule: string;
  source: string;
  /** For an invalid request: what it breaks (`body /year: minimum`). */
  broken?: string;
  request: WireRequest;
  curl: string;
  response: ReportedResponse;
}

/** Per-operation figures. */
export interface OperationReport {
  operationId: string;
  method: string;
  path: string;
  /** Requests sent (shrinking included). */
  requests: number;
  validRefused: number;
  invalidAccepted: number;
  serverErrors: number;
  /** Examples fast-check skipped because the oracle did not confirm them (valid or invalid). */
  skipped: number;
  failures: FuzzFailure[];
  /** What could not be tested, and why. */
  notes: string[];
}

/** What a run found. `passed` is false when any check failed. */
export interface FuzzReport {
  seed: number;
  passed: boolean;
  requests: number;
  validRefused: number;
  invalidAccepted: number;
  serverErrors: number;
  operations: OperationReport[];
  failures: FuzzFailure[];
  durationMs: number;
}

/** Thrown inside a property to fail it, carrying what failed. */
class Failed extends Error {
  constructor(readonly findings: CheckFinding[], readonly request: WireRequest, readonly response: WireResponse, readonly broken: string | undefined) {
    super(findings.map((finding) => `${finding.check}: ${finding.message}`).join("; "));
  }
}

/** Failing requests one property may spend on shrinking before its smallest failure so far is kept. */
const shrinkBudget = 150;

/**
 * Fuzzes `target` against the spec. Resolves with the report (it does not throw for failed
 * checks); throws SpecError when the spec does not load, and the transport's errors when the
 * target cannot be reached at all.
 */
export async function fuzz(target: FuzzTarget, options: FuzzOptions = {}): Promise<FuzzReport> {
  const started = performance.now();
  const model = options.model ?? (await loadModel(options.spec ?? "spec/openapi.yaml", options));
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const active = new Set(options.checks ?? allChecks.filter((check) => check !== "use_after_free" && check !== "ensure_resource_availability"));
  if (options.stateful) {
    active.add("use_after_free");
    active.add("ensure_resource_availability");
  }
  const { transport, baseUrl: origin } = await transportFor(target, options.requestTimeoutMs ?? 10_000);
  // The operations are at the spec's base path (its first server URL's path) unless the target
  // URL names a path of its own.
  const baseUrl = new URL(origin).pathname.replace(/\/+$/, "") === "" ? origin.replace(/\/+$/, "") + model.basePath : origin;
  const oracle = createOracle(model.document, model.dialect);
  const generation = createGenerationContext((ref) => model.referencedSchemas[ref]);
  const writer = createRequestWriter(model, baseUrl, basicCredentials(model, options.credentials ?? {}), options.headers);
  const reachedHandler = options.reachedHandler ?? ((response: WireResponse) => response.status < 400);
  const deadline = options.timeLimitMs !== undefined ? started + options.timeLimitMs : Infinity;
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const run: RunContext = { model, oracle, generation, writer, transport, active, reachedHandler, maxExamples: options.maxExamples ?? 25, seed, deadline, basePath };

  const selected = model.operations.filter((operation) => !options.operations || options.operations.includes(operation.operationId));
  const reports: OperationReport[] = [];
  for (const operation of selected) {
    const report = emptyReport(operation);
    if (performance.now() > deadline) report.notes.push("skipped: the time limit was reached");
    else await fuzzOperation(run, operation, report);
    reports.push(report);
    options.onOperation?.(report);
  }
  if (active.has("unsupported_method")) await checkUnsupportedMethods(run, selected, reports);
  if (options.stateful) await runStateful(run, selected, reports);

  const failures = reports.flatMap((report) => report.failures);
  const sum = (key: "requests" | "validRefused" | "invalidAccepted" | "serverErrors"): number => reports.reduce((total, report) => total + report[key], 0);
  return {
    seed,
    passed: failures.length === 0,
    requests: sum("requests"),
    validRefused: sum("validRefused"),
    invalidAccepted: sum("invalidAccepted"),
    serverErrors: sum("serverErrors"),
    operations: reports,
    failures,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Everything the steps of one run share. */
export interface RunContext {
  model: ApiModel;
  oracle: Oracle;
  generation: GenerationContext;
  writer: RequestWriter;
  transport: Transport;
  active: ReadonlySet<CheckName>;
  reachedHandler: (response: WireResponse) => boolean;
  maxExamples: number;
  seed: number;
  deadline: number;
  /** The path of the base URL (`/api` for `http://host/api`), which request paths start with. */
  basePath: string;
}

/** Credentials with `user:password` strings of `http` `basic` schemes split into username and password. */
function basicCredentials(model: ApiModel, credentials: Record<string, CredentialSource>): Record<string, CredentialSource> {
  const result: Record<string, CredentialSource> = { ...credentials };
  for (const [name, value] of Object.entries(credentials)) {
    const scheme = model.securitySchemes[name];
    if (scheme?.type !== "http" || scheme.scheme !== "basic" || typeof value !== "string" || !value.includes(":")) continue;
    const colon = value.indexOf(":");
    result[name] = { username: value.slice(0, colon), password: value.slice(colon + 1) };
  }
  return result;
}

async function loadModel(spec: string, options: LoadOptions): Promise<ApiModel> {
  const { loadDocument } = await import("../load/load-document.js");
  const { buildModel } = await import("../model/build-model.js");
  const { createDefaultCheck } = await import("../emit/validators.js");
  return buildModel(await loadDocument(spec, options), { source: spec, defaultFits: createDefaultCheck() }).model;
}

async function transportFor(target: FuzzTarget, timeoutMs: number): Promise<{ transport: Transport; baseUrl: string }> {
  if (typeof target === "string") {
    const { undiciTransport } = await import("../client/undici.js");
    const send = undiciTransport({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const timeout = (signal: AbortSignal | undefined): AbortSignal => (signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs));
    return { transport: (request) => send({ ...request, signal: timeout(request.signal) }), baseUrl: target.replace(/\/+$/, "") };
  }
  const { inject } = await import("../runtime/inject.js");
  return { transport: inject(target), baseUrl: "http://in-process" };
}

function emptyReport(operation: Operation): OperationReport {
  return { operationId: operation.operationId, method: operation.method.toUpperCase(), path: operation.path, requests: 0, validRefused: 0, invalidAccepted: 0, serverErrors: 0, skipped: 0, failures: [], notes: [] };
}

/** A 32-bit seed per operation, so one operation's requests do not depend on the others'. */
export function operationSeed(seed: number, operationId: string): number {
  let hash = seed >>> 0;
  for (let index = 0; index < operationId.length; index++) hash = Math.imul(hash ^ operationId.charCodeAt(index), 0x01000193) >>> 0;
  return hash | 0;
}

/** How long the body of a streamed response (server-sent events) is read before the fuzzer hangs up, ms. */
const streamReadMs = 200;

/**
 * Sends one request and reads the whole response; a `text/event-stream` response is read for
 * a moment only (the stream may never end), then the connection is closed.
 */
export async function send(run: Pick<RunContext, "transport">, request: WireRequest): Promise<WireResponse> {
  const hangUp = new AbortController();
  const transportRequest: TransportRequest = { method: request.method, url: request.url, headers: request.headers, stream: true, signal: hangUp.signal };
  if (request.body !== undefined) transportRequest.body = request.body;
  const response = await run.transport(transportRequest);
  if (response.stream) {
    const parts: Uint8Array[] = [];
    const iterator = response.stream[Symbol.asyncIterator]();
    if (response.headers.get("content-type")?.split(";")[0]!.trim().toLowerCase() !== "text/event-stream") {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) parts.push(next.value);
      return { status: response.status, headers: response.headers, body: Buffer.concat(parts) };
    }
    const stop = Date.now() + streamReadMs;
    for (;;) {
      const pending = iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const next = await Promise.race([pending, new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, stop - Date.now()))))]);
      clearTimeout(timer);
      if (next === "timeout") {
        // Hang up: the pending read then ends (or fails) with the connection.
        hangUp.abort();
        await pending.catch(() => undefined);
        break;
      }
      if (next.done) break;
      parts.push(next.value);
    }
    return { status: response.status, headers: response.headers, body: Buffer.concat(parts) };
  }
  const body = response.text !== undefined ? new TextEncoder().encode(response.text) : response.body;
  return { status: response.status, headers: response.headers, body };
}

/** Records a failure in the operation's report. */
export function recordFailure(report: OperationReport, operation: Operation, finding: CheckFinding, request: WireRequest, response: WireResponse, broken?: string): void {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const text = new TextDecoder().decode(response.body.subarray(0, 8192));
  report.failures.push({
    check: finding.check,
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    message: finding.message,
    rule: checks[finding.check].rule,
    source: checks[finding.check].source,
    ...(broken ? { broken } : {}),
    request,
    curl: curlCommand(request),
    response: { status: response.status, headers, body: text.length > 2000 ? `${text.slice(0, 2000)}…` : text },
  });
}

/** Counts one response in the report's figures. */
export function count(report: OperationReport, response: WireResponse, kind: "positive" | "negative" | "other", reached: boolean): void {
  report.requests += 1;
  if (response.status >= 500) report.serverErrors += 1;
  if (kind === "positive" && checkPositive(response).length > 0) report.validRefused += 1;
  if (kind === "negative" && checkNegative(response, reached, "").length > 0) report.invalidAccepted += 1;
}

/** A short description of what an invalid request breaks. */
function describeBroken(request: RequestCase): string | undefined {
  const broken = request.broken;
  if (!broken) return undefined;
  switch (broken.part) {
    case "parameter":
      return `${broken.parameter.in} parameter ${broken.parameter.name}${broken.location}: ${broken.keyword}`;
    case "missing-parameter":
      return `required ${broken.parameter.in} parameter ${broken.parameter.name} missing`;
    case "body":
      return `body${broken.location ? ` ${broken.location}` : ""} (${broken.content.mediaType}): ${broken.keyword}`;
    case "missing-body":
      return "required body missing";
    case "content-type":
      return `undeclared Content-Type ${broken.contentType}`;
    case "malformed-json":
      return `malformed JSON as ${broken.content.mediaType}`;
  }
}

/**
 * Whether a generated case is what it claims to be, by the oracle: every part of a valid case
 * valid; for an invalid case, the broken part invalid in every reading of its wire text.
 */
function confirmedByOracle(run: RunContext, operation: Operation, request: RequestCase): boolean {
  const { oracle, model } = run;
  const broken = request.broken;
  if (containsUnsatisfiable(request.parameters) || containsUnsatisfiable(request.body?.value)) return false;
  for (const parameter of operation.parameters) {
    const value = request.parameters[parameter.in][parameter.name];
    if (broken && (broken.part === "parameter" || broken.part === "missing-parameter") && broken.parameter === parameter) continue;
    if (value === undefined) continue;
    if (!oracle.isValid(parameterSchemaPointer(model.document, parameter), "request", value)) return false;
  }
  if (broken?.part === "parameter") {
    const value = request.parameters[broken.parameter.in][broken.parameter.name];
    const pointer = parameterSchemaPointer(model.document, broken.parameter);
    const isValid = (candidate: unknown): boolean => oracle.isValid(pointer, "request", candidate);
    if (broken.parameter.contentMediaType !== undefined ? isValid(value) : someReadingIsValid(value, isValid)) return false;
  }
  const body = request.body;
  if (body && broken?.part !== "malformed-json") {
    const kind = bodyKindOf(body.content);
    if (kind !== "binary" && body.content.schema !== undefined && (kind !== "multipart" || objectBodySchema(body.content))) {
      const pointer = bodySchemaPointer(body.content);
      const isValid = (candidate: unknown): boolean => oracle.isValid(pointer, "request", candidate);
      // The value as it travels: JSON drops undefined members; a form writes no pair for an
      // empty list. A valid case must be valid as generated; an invalid one in every reading of
      // its text when only text travels (forms, multipart fields).
      const sent = kind === "form" ? formOnTheWire(body.value) : jsonRoundTrip(body.value);
      const valid = broken?.part !== "body" || kind === "json" || kind === "text" ? isValid(sent) : someReadingIsValid(sent, isValid);
      if (broken?.part === "body" ? valid : !valid) return false;
    }
  }
  return true;
}

/** Whether a generated value holds the marker of a schema branch that produced nothing. */
function containsUnsatisfiable(value: unknown, depth = 0): boolean {
  if (value === unsatisfiable) return true;
  if (!value || typeof value !== "object" || depth > 64 || value instanceof Uint8Array) return false;
  return Object.values(value).some((item) => containsUnsatisfiable(item, depth + 1));
}

/** A value after JSON.stringify and JSON.parse: what a JSON body carries. */
function jsonRoundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** A form body as the server can see it: fields holding an empty list or map write no pair (WHATWG URL §5.2). */
function formOnTheWire(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && !(Array.isArray(field) ? field.length === 0 : field && typeof field === "object" && Object.keys(field).length === 0)));
}

/**
 * Whether a request's path would be routed to another operation: a concrete path such as
 * `/services/pushover` for `/services/{slug}` is taken by a static sibling `/services/pushover`
 * (OpenAPI 3.1 §4.8.8.2: "concrete paths are matched before templated ones").
 */
function routedElsewhere(run: RunContext, operation: Operation, request: WireRequest): boolean {
  const path = new URL(request.url).pathname.slice(run.basePath.length);
  const segments = path.split("/");
  const own = operation.path.replace(/\{[^}]*\}/g, "{}");
  return run.model.operations.some((other) => {
    if (other.path.replace(/\{[^}]*\}/g, "{}") === own) return false;
    const template = other.path.split("/");
    if (template.length !== segments.length) return false;
    let moreSpecific = false;
    for (let index = 0; index < template.length; index++) {
      const part = template[index]!;
      if (part.includes("{")) {
        if (!operation.path.split("/")[index]?.includes("{")) return false;
        continue;
      }
      if (part !== segments[index]) return false;
      if (operation.path.split("/")[index]?.includes("{")) moreSpecific = true;
    }
    return moreSpecific;
  });
}

/** Runs the valid, invalid and authentication properties of one operation. */
async function fuzzOperation(run: RunContext, operation: Operation, report: OperationReport): Promise<void> {
  let arbitraries;
  try {
    arbitraries = operationArbitraries(operation, run.generation);
  } catch (error) {
    report.notes.push(`no requests could be generated: ${(error as Error).message}`);
    return;
  }
  const responseChecks = new Set([...run.active].filter((check) => check !== "positive_data_acceptance" && check !== "negative_data_rejection" && check !== "ignored_auth" && check !== "unsupported_method"));
  const seed = operationSeed(run.seed, operation.operationId);
  if (arbitraries.positive && (run.active.has("positive_data_acceptance") || responseChecks.size > 0)) {
    await runProperty(run, operation, report, arbitraries.positive, seed, "positive", (response) => [
      ...(run.active.has("positive_data_acceptance") ? checkPositive(response) : []),
    ], responseChecks);
  } else if (!arbitraries.positive) {
    report.notes.push("no valid request can be generated: no declared request media type can be written");
  }
  if (arbitraries.negative && run.active.has("negative_data_rejection")) {
    await runProperty(run, operation, report, arbitraries.negative, seed + 1, "negative", (response, request) => checkNegative(response, run.reachedHandler(response), describeBroken(request) ?? "invalid"), responseChecks);
  }
  const protectedOperation = operation.security.length > 0 && operation.security.every((requirement) => requirement.length > 0);
  if (arbitraries.positive && run.active.has("ignored_auth") && protectedOperation) {
    for (const credentials of ["none", "wrong"] as const) {
      const samples = fc.sample(arbitraries.positive, { seed: seed + 2, numRuns: 10 }).filter((sample) => confirmedByOracle(run, operation, sample)).slice(0, 3);
      for (const sample of samples) {
        const request = await run.writer.write(operation, sample, credentials);
        if (!request || routedElsewhere(run, operation, request)) continue;
        const response = await send(run, request);
        count(report, response, "other", false);
        const reached = run.reachedHandler(response);
        if (reached || (response.status !== 401 && response.status !== 403)) {
          recordFailure(report, operation, { check: "ignored_auth", message: `${credentials === "none" ? "without credentials" : "with wrong credentials"} the operation answered ${response.status}${reached ? " from its handler" : ""}` }, request, response);
          break;
        }
      }
    }
  }
}

/**
 * Runs one fast-check property: each example is written, confirmed by the oracle (else
 * skipped), sent, and checked. On a failure fast-check shrinks it; the checks that failed are
 * reported with the smallest failing request, and the property runs again without them, so one
 * operation can report several checks.
 */
async function runProperty(
  run: RunContext,
  operation: Operation,
  report: OperationReport,
  arbitrary: fc.Arbitrary<RequestCase>,
  seed: number,
  kind: "positive" | "negative",
  requestChecks: (response: WireResponse, request: RequestCase) => CheckFinding[],
  responseChecks: ReadonlySet<CheckName>,
): Promise<void> {
  const excluded = new Set<CheckName>();
  for (let round = 0; round < 4; round++) {
    let failingRequests = 0;
    let skipped = 0;
    const property = fc.asyncProperty(arbitrary, async (request) => {
      // Past the budget, shrinking stops finding failures and keeps the smallest so far.
      if (failingRequests > shrinkBudget) return true;
      const written = confirmedByOracle(run, operation, request) ? await run.writer.write(operation, request, "valid") : undefined;
      const wire = written && !routedElsewhere(run, operation, written) ? written : undefined;
      if (!wire) {
        skipped += 1;
        fc.pre(false);
      }
      let response: WireResponse;
      try {
        response = await send(run, wire);
      } catch (error) {
        // No answer at all (a timeout, a reset): the server failed this request.
        failingRequests = shrinkBudget + 1;
        const none: WireResponse = { status: 0, headers: new Headers(), body: new Uint8Array(0) };
        throw new Failed([{ check: "not_a_server_error", message: `no response: ${(error as Error).message}` }], wire, none, describeBroken(request));
      }
      const reached = run.reachedHandler(response);
      count(report, response, kind, reached);
      const findings = [...requestChecks(response, request), ...checkResponse(operation, response, run.oracle, responseChecks)].filter((finding) => !excluded.has(finding.check));
      if (findings.length > 0) {
        failingRequests += 1;
        throw new Failed(findings, wire, response, describeBroken(request));
      }
      return true;
    });
    const remaining = run.deadline - performance.now();
    if (remaining <= 0) {
      report.notes.push(`${kind} examples skipped: the time limit was reached`);
      return;
    }
    const result = await fc.check(property, {
      seed: seed + round * 7919,
      numRuns: run.maxExamples,
      maxSkipsPerRun: 20,
      ...(Number.isFinite(remaining) ? { interruptAfterTimeLimit: remaining, markInterruptAsFailure: false } : {}),
    });
    report.skipped += skipped;
    // fast-check also fails a property whose examples were nearly all skipped, with no error.
    const tooManySkipped = result.failed && (result.errorInstance === null || result.errorInstance === undefined);
    if (!result.failed || tooManySkipped) {
      if (result.numRuns === 0 || tooManySkipped) report.notes.push(`only ${result.numRuns} ${kind === "positive" ? "valid" : "invalid"} examples were confirmed by the oracle (${skipped} generated were not)`);
      return;
    }
    const failure = result.errorInstance;
    if (!(failure instanceof Failed)) {
      // The target could not be reached, or the fuzzer itself failed: report it as the run's error.
      throw failure instanceof Error ? failure : new Error(String(failure));
    }
    for (const finding of failure.findings) {
      if (excluded.has(finding.check)) continue;
      excluded.add(finding.check);
      recordFailure(report, operation, finding, failure.request, failure.response, failure.broken);
    }
  }
}

/** The HTTP methods an unsupported_method probe may use, in order of preference. */
const probeMethods: readonly HttpMethod[] = ["delete", "patch", "put", "post", "get"];

/** unsupported_method: per path, one method it does not declare must get 405 with Allow. */
async function checkUnsupportedMethods(run: RunContext, operations: Operation[], reports: OperationReport[]): Promise<void> {
  // Templates that differ only in parameter names are one path on the wire (OpenAPI 3.1 §4.8.8.2).
  const byPath = new Map<string, Operation[]>();
  for (const operation of run.model.operations) {
    const shape = operation.path.replace(/\{[^}]*\}/g, "{}");
    byPath.set(shape, [...(byPath.get(shape) ?? []), operation]);
  }
  for (const declared of byPath.values()) {
    const first = declared.find((operation) => operations.includes(operation));
    const path = first?.path ?? "";
    if (!first || performance.now() > run.deadline) continue;
    const methods = new Set(declared.map((operation) => operation.method));
    const method = probeMethods.find((candidate) => !methods.has(candidate));
    if (!method) continue;
    const arbitraries = operationArbitraries(first, run.generation);
    if (!arbitraries.positive) continue;
    let written: WireRequest | undefined;
    for (const sample of fc.sample(arbitraries.positive, { seed: operationSeed(run.seed, path), numRuns: 10 })) {
      if (!confirmedByOracle(run, first, sample)) continue;
      const candidate = await run.writer.write(first, { parameters: sample.parameters }, "valid");
      if (candidate && !routedElsewhere(run, first, candidate)) {
        written = candidate;
        break;
      }
    }
    if (!written) continue;
    const request: WireRequest = { ...written, method: method.toUpperCase() };
    delete request.body;
    delete request.headers["content-type"];
    const response = await send(run, request);
    const report = reports.find((item) => item.operationId === first.operationId)!;
    count(report, response, "other", false);
    const allow = new Set((response.headers.get("allow") ?? "").split(",").map((item) => item.trim().toUpperCase()).filter((item) => item !== ""));
    const expected = [...methods].map((item) => item.toUpperCase());
    const missing = expected.filter((item) => !allow.has(item));
    if (response.status !== 405) recordFailure(report, first, { check: "unsupported_method", message: `${method.toUpperCase()} ${path} answered ${response.status}, not 405` }, request, response);
    else if (missing.length > 0) recordFailure(report, first, { check: "unsupported_method", message: `the Allow header (${response.headers.get("allow") ?? "none"}) leaves out ${missing.join(", ")}` }, request, response);
  }
}


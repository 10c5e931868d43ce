/**
 * One spec of the conformance corpus, in a process of its own (run by conformance.ts with a
 * time limit): generate, `tsc --strict`, then serve the route table with stub handlers and fuzz it
 * with positive_data_acceptance, negative_data_rejection, not_a_server_error and
 * unsupported_method. The stubs answer 404 with a marker header, so a 404 that carries it means
 * the request got past parsing and validation. Prints the row as the last line of JSON.
 *
 * Usage: node --import tsx test/corpus/conformance-child.ts '<entry JSON>' <workspace> [maxExamples]
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { formatReport, fuzz, generate, SpecError, type ApiModel } from "specwright";
import { createServer, HttpError, type ApiDefinition } from "specwright/runtime";
import { createDefaultCheck, stackOverflowMarker } from "../../src/emit/validators.js";
import { loadDocument } from "../../src/load/load-document.js";
import { buildModel } from "../../src/model/build-model.js";
import { typecheckGenerated } from "../helpers/typecheck.js";
import type { ConformanceRow, CorpusEntry } from "./conformance.js";

const run = promisify(execFile);

/** The header a stub handler's 404 carries. */
const stubHeader = "x-specwright-stub";

async function runOne(entry: CorpusEntry, workspace: string, maxExamples: number | undefined): Promise<ConformanceRow> {
  const spec = `${entry.packageName}@${entry.version}:${entry.file}`;
  const row: ConformanceRow = { spec, operations: 0, generateMs: 0, tscMs: 0, requests: 0, validRefused: 0, invalidAccepted: 0, serverErrors: 0, result: "fail" };
  const installed = JSON.parse(await readFile(path.resolve("node_modules", entry.packageName, "package.json"), "utf8")).version;
  if (installed !== entry.version) return { ...row, reason: `${entry.packageName} ${installed} is installed, the list wants ${entry.version}` };
  const out = path.join(workspace, entry.file.replace(/[^A-Za-z0-9]+/g, "_"));
  let model: ApiModel;
  const started = performance.now();
  const specFile = path.resolve("node_modules", entry.packageName, entry.file);
  try {
    try {
      model = await generateNeedingLenient(specFile, out, row);
    } catch (error) {
      if (!(error instanceof SpecError) || !error.diagnostics.some((item) => item.message.startsWith(stackOverflowMarker))) throw error;
      // The command reruns itself with a larger stack for such specs; do what a user would.
      await run(process.execPath, [path.resolve("dist/cli/specwright.js"), "generate", specFile, "--out", out, "--quiet"], { maxBuffer: 64 << 20 });
      model = buildModel(await loadDocument(specFile, { lenient: row.lenient !== undefined }), { source: "spec", defaultFits: createDefaultCheck() }).model;
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
    const report = await fuzzWithStubs(routes.api, model, maxExamples ?? (model.operations.length > 300 ? 4 : 10));
    // The whole report beside the generated files, for a closer look at a failing spec.
    await writeFile(path.join(out, "fuzz-report.txt"), formatReport(report) + "\n");
    Object.assign(row, { requests: report.requests, validRefused: report.validRefused, invalidAccepted: report.invalidAccepted, serverErrors: report.serverErrors });
    const first = report.failures[0];
    if (first) return { ...row, reason: `${report.failures.length} failures; first ${first.check} ${first.method} ${first.path}: ${first.message}${first.broken ? ` (breaks ${first.broken})` : ""} | ${first.curl.slice(0, 300)}` };
  } catch (error) {
    return { ...row, reason: `serve: ${(error as Error).stack ?? String(error)}` };
  }
  return { ...row, result: "pass" };
}

/** The errors `--lenient` turns into warnings: schema mistakes that change what the server accepts. */
const lenientCodes = new Set(["SPW_E_INVALID_TYPE", "SPW_E_REQUIRED_UNDECLARED", "SPW_E_UNSATISFIABLE"]);

/**
 * Generates as a user would: by default, and when the only errors are schema mistakes that
 * `--lenient` accepts, again with `lenient` (what a user of that spec has to pass), noting their
 * codes in the row. Compiles even when the folder is current (`force`), for the model.
 */
async function generateNeedingLenient(spec: string, out: string, row: ConformanceRow): Promise<ApiModel> {
  try {
    return (await generate({ spec, out, force: true })).model!;
  } catch (error) {
    const errors = error instanceof SpecError ? error.diagnostics.filter((item) => item.severity === "error") : [];
    if (errors.length === 0 || !errors.every((item) => lenientCodes.has(item.code))) throw error;
    row.lenient = [...new Set(errors.map((item) => `${item.code} ${item.pointer ?? ""}`))].sort();
    return (await generate({ spec, out, force: true, lenient: true })).model!;
  }
}

/**
 * Serves the route table with stub handlers (each answers 404 with the marker header) and
 * verifiers that accept any credential, then fuzzes it in process.
 */
async function fuzzWithStubs(api: ApiDefinition, model: ApiModel, maxExamples: number) {
  const handlers = new Proxy({}, {
    get: () => () => {
      throw new HttpError(404, "stub handler", { headers: { [stubHeader]: "reached" } });
    },
  });
  const security = new Proxy({}, { get: () => () => ({ stub: true }) });
  const server = createServer(api, handlers, { security, logger: false, validateResponses: false, docs: false } as never);
  const credentials: Record<string, string> = {};
  for (const [name, scheme] of Object.entries(model.securitySchemes)) credentials[name] = scheme.type === "http" && scheme.scheme === "basic" ? "user:password" : "specwright-credential";
  return fuzz(server, {
    model,
    seed: 1,
    maxExamples,
    timeLimitMs: 240_000,
    checks: ["positive_data_acceptance", "negative_data_rejection", "not_a_server_error", "unsupported_method"],
    credentials,
    reachedHandler: (response) => response.headers.get(stubHeader) === "reached",
  });
}

const [entryText, workspace, examples] = process.argv.slice(2);
const row = await runOne(JSON.parse(entryText!) as CorpusEntry, workspace!, examples ? Number(examples) : undefined);
process.stdout.write("\n" + JSON.stringify(row) + "\n");

import { SpecError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { loadDocument, type LoadedDocument, type LoadOptions } from "../load/load-document.js";
import { compareRequestBodies, compareResponses } from "./bodies.js";
import { atLeast, type DiffResult, type Severity } from "./change.js";
import { ChangeLog, type DiffSide } from "./change-log.js";
import { compareParameters, indexOperations, type OperationPair } from "./operations.js";
import { SchemaComparer } from "./schemas.js";
import { DocumentNodes } from "./schema-view.js";
import { compareSecurity, compareSecuritySchemes } from "./security.js";

/** Options of {@link diffSpecs}: how the two documents are loaded (as `generate` loads a spec). */
export type DiffOptions = LoadOptions;

/**
 * Compares two versions of an OpenAPI contract (3.0 or 3.1, YAML or JSON; Swagger 2.0 is
 * converted) and returns every change that can affect clients or servers, each with its rule id
 * (oasdiff's vocabulary, docs/diff.md), a severity for clients and one for servers, a message, and
 * its pointer, file, line and column in both documents.
 *
 * Both files are loaded as `generate` loads a spec (src/load: `$ref`s across files bundled,
 * validated against the OpenAPI schema); schemas are compared after following `$ref`s.
 * Throws {@link SpecError} with the problems of both files when either cannot be loaded
 * (SPW_E_READ, SPW_E_SYNTAX, SPW_E_VERSION, SPW_E_REF, SPW_E_INVALID_SPEC).
 */
export async function diffSpecs(oldFile: string, newFile: string, options: DiffOptions = {}): Promise<DiffResult> {
  const [old, current] = await Promise.allSettled([loadDocument(oldFile, options), loadDocument(newFile, options)]);
  const problems: Diagnostic[] = [];
  for (const loaded of [old, current]) {
    if (loaded.status === "rejected") {
      if (loaded.reason instanceof SpecError) problems.push(...loaded.reason.diagnostics);
      else throw loaded.reason;
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
  return diffDocuments((old as PromiseFulfilledResult<LoadedDocument>).value, (current as PromiseFulfilledResult<LoadedDocument>).value);
}

/** Compares two loaded documents (see {@link diffSpecs}). Pure: reads the documents, writes nothing. */
export function diffDocuments(oldDocument: LoadedDocument, newDocument: LoadedDocument): DiffResult {
  const sideOf = (loaded: LoadedDocument): DiffSide => ({
    file: loaded.file,
    document: loaded.document as Record<string, unknown>,
    nodes: new DocumentNodes(loaded.document as Record<string, unknown>),
    locate: (pointer) => loaded.sourceMap.locate(pointer),
  });
  const old = sideOf(oldDocument);
  const current = sideOf(newDocument);
  const log = new ChangeLog(old, current);
  const schemas = new SchemaComparer(log, old, current);
  const before = indexOperations(old.nodes);
  const after = indexOperations(current.nodes);
  const newShapes = new Set([...after.values()].map((operation) => operation.shape));

  for (const [key, was] of before) {
    const is = after.get(key);
    if (!is) {
      const pathRemoved = !newShapes.has(was.shape);
      const deprecated = was.operation["deprecated"] === true;
      const id = pathRemoved
        ? deprecated ? "api-path-removed-with-deprecation" : "api-path-removed-without-deprecation"
        : deprecated ? "api-removed-with-deprecation" : "api-removed-without-deprecation";
      log.add({ operation: was.label }, { id, message: `${was.label} was removed${deprecated ? " (it was deprecated)" : ""}`, direction: "none", oldPointer: was.pointer, newPointer: was.pointer });
      continue;
    }
    const pair: OperationPair = { old: was, new: is, scope: { operation: is.label } };
    compareOperation(pair, log);
    compareSecurity(pair, old, current, log);
    compareParameters(pair, old, current, log, schemas);
    compareRequestBodies(pair, old, current, log, schemas);
    compareResponses(pair, old, current, log, schemas);
  }
  for (const [key, is] of after) {
    if (!before.has(key)) log.add({ operation: is.label }, { id: "endpoint-added", message: `${is.label} was added`, direction: "none", oldPointer: is.pointer, newPointer: is.pointer });
  }
  compareSecuritySchemes(old, current, log, (scheme) =>
    [...after.values()]
      .filter((operation) => {
        const security = operation.operation["security"] ?? current.document["security"];
        return Array.isArray(security) && security.some((requirement) => requirement && typeof requirement === "object" && Object.hasOwn(requirement, scheme));
      })
      .map((operation) => operation.label),
  );

  const order = [...[...after.values()].map((operation) => operation.label), ...[...before.values()].map((operation) => operation.label)];
  const changes = log.finish(order);
  const count = (side: "clients" | "servers", severity: Severity): number => changes.filter((change) => change[side] === severity).length;
  const info = (loaded: LoadedDocument): DiffResult["old"] => ({ file: loaded.file, title: String(loaded.document.info?.title ?? ""), version: String(loaded.document.info?.version ?? "") });
  return {
    old: info(oldDocument),
    new: info(newDocument),
    changes,
    summary: {
      clients: { breaking: count("clients", "breaking"), warning: count("clients", "warning"), info: count("clients", "info") },
      servers: { breaking: count("servers", "breaking"), warning: count("servers", "warning"), info: count("servers", "info") },
    },
  };
}

/** Operation-level fields: `deprecated` and `operationId` (which names the generated client method and handler). */
function compareOperation(pair: OperationPair, log: ChangeLog): void {
  const add = (id: "endpoint-deprecated" | "endpoint-reactivated" | "api-operation-id-removed" | "api-operation-id-added", message: string, field: string): void =>
    log.add(pair.scope, { id, message, direction: "none", oldPointer: `${pair.old.pointer}/${field}`, newPointer: `${pair.new.pointer}/${field}` });
  const [wasDeprecated, isDeprecated] = [pair.old.operation["deprecated"] === true, pair.new.operation["deprecated"] === true];
  if (!wasDeprecated && isDeprecated) add("endpoint-deprecated", `${pair.new.label} was deprecated`, "deprecated");
  if (wasDeprecated && !isDeprecated) add("endpoint-reactivated", `${pair.new.label} is no longer deprecated`, "deprecated");
  const [before, after] = [pair.old.operation["operationId"], pair.new.operation["operationId"]];
  if (typeof before === "string" && before !== after) {
    add("api-operation-id-removed", typeof after === "string" ? `operationId ${before} was replaced by ${after}` : `operationId ${before} was removed`, "operationId");
  } else if (before === undefined && typeof after === "string") {
    add("api-operation-id-added", `operationId ${after} was added`, "operationId");
  }
}

/**
 * Whether a diff should fail a build: some change is at least `threshold` severe for the chosen
 * end (`clients`, `servers`, or `both`). `never` never fails.
 */
export function failsOn(result: DiffResult, threshold: "breaking" | "warning" | "never", side: "clients" | "servers" | "both"): boolean {
  if (threshold === "never") return false;
  return result.changes.some((change) =>
    (side !== "servers" && atLeast(change.clients, threshold)) || (side !== "clients" && atLeast(change.servers, threshold)));
}

import { escapePointerSegment, formatPointer } from "../wire/json-pointer.js";
import type { ChangeLog, DiffSide, Scope } from "./change-log.js";
import type { OperationRuleId } from "./rules.js";
import type { SchemaComparer } from "./schemas.js";
import { followReference, type DocumentNodes } from "./schema-view.js";

type SpecObject = Record<string, unknown>;

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** One operation of a document, as the diff sees it. */
export interface IndexedOperation {
  /** `GET /books/{bookId}`. */
  label: string;
  method: string;
  path: string;
  /** The path template with parameter names removed (`/books/{}`): two templates that differ only in names are one path (OpenAPI 3.1 §4.8.8.2). */
  shape: string;
  operation: SpecObject;
  pathItem: SpecObject;
  pointer: string;
}

/** The operations of a document by `METHOD shape`, in document order. */
export function indexOperations(nodes: DocumentNodes): Map<string, IndexedOperation> {
  const index = new Map<string, IndexedOperation>();
  for (const path of Object.keys((nodes.document["paths"] ?? {}) as Record<string, unknown>)) {
    const pathItem = followObject(nodes, formatPointer(["paths", path]));
    if (!pathItem) continue;
    const shape = path.replace(/\{[^}]*\}/g, "{}");
    for (const method of methods) {
      const operation = pathItem.node[method];
      if (!operation || typeof operation !== "object") continue;
      index.set(`${method.toUpperCase()} ${shape}`, {
        label: `${method.toUpperCase()} ${path}`,
        method,
        path,
        shape,
        operation: operation as SpecObject,
        pathItem: pathItem.node,
        pointer: `${pathItem.pointer}/${method}`,
      });
    }
  }
  return index;
}

/** Everything one matched pair of operations needs to be compared. */
export interface OperationPair {
  old: IndexedOperation;
  new: IndexedOperation;
  scope: Scope;
}

interface IndexedParameter {
  name: string;
  in: string;
  required: boolean;
  deprecated: boolean;
  style: string;
  explode: boolean;
  /** Where the parameter is listed (its `$ref` or its object), for messages. */
  pointer: string;
  /** The schema's pointer: `schema`, or the single media type's schema of a `content` parameter. */
  schemaPointer: string | undefined;
}

/** Header parameters the OpenAPI specification says to ignore (3.1 §4.8.12.1). */
const ignoredHeaders = new Set(["accept", "content-type", "authorization"]);

/**
 * The parameters of an operation, path-item ones overridden by the operation's (by `in` and
 * `name`, §4.8.9.1), with style and explode defaults resolved (§4.8.12.4), keyed by `in` and name
 * (a header's name case-insensitively, RFC 9110 §5.1); path parameters are keyed by their
 * position in the template, so a renamed one is matched with its old self.
 */
function parametersOf(nodes: DocumentNodes, operation: IndexedOperation): Map<string, IndexedParameter> {
  const listed = [
    ...listOf(operation.pathItem["parameters"]).map((_, index) => `${operation.pointer.slice(0, operation.pointer.lastIndexOf("/"))}/parameters/${index}`),
    ...listOf(operation.operation["parameters"]).map((_, index) => `${operation.pointer}/parameters/${index}`),
  ];
  const templateNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const parameters = new Map<string, IndexedParameter>();
  for (const pointer of listed) {
    const resolved = followObject(nodes, pointer);
    if (!resolved) continue;
    const raw = resolved.node;
    const location = String(raw["in"]);
    const name = String(raw["name"]);
    if (location === "header" && ignoredHeaders.has(name.toLowerCase())) continue;
    const style = typeof raw["style"] === "string" ? raw["style"] : location === "query" || location === "cookie" ? "form" : "simple";
    const content = raw["content"] && typeof raw["content"] === "object" ? Object.keys(raw["content"] as object)[0] : undefined;
    const key = location === "path" ? `path\u0000${templateNames.indexOf(name)}` : `${location}\u0000${location === "header" ? name.toLowerCase() : name}`;
    parameters.set(key, {
      name,
      in: location,
      required: location === "path" || raw["required"] === true,
      deprecated: raw["deprecated"] === true,
      style,
      explode: typeof raw["explode"] === "boolean" ? raw["explode"] : style === "form",
      pointer,
      schemaPointer: content !== undefined ? `${resolved.pointer}/content/${escapePointerSegment(content)}/schema` : raw["schema"] !== undefined ? `${resolved.pointer}/schema` : undefined,
    });
  }
  return parameters;
}

/** Compares the parameters of two versions of an operation. */
export function compareParameters(pair: OperationPair, old: DiffSide, current: DiffSide, log: ChangeLog, schemas: SchemaComparer): void {
  const before = parametersOf(old.nodes, pair.old);
  const after = parametersOf(current.nodes, pair.new);
  const add = (id: OperationRuleId, message: string, oldPointer: string, newPointer: string, severities: { clients?: "info"; servers?: "info" } = {}): void =>
    log.add(pair.scope, { id, message, direction: "request", oldPointer, newPointer, ...severities });
  for (const [key, was] of before) {
    const is = after.get(key);
    const label = `${was.in} parameter ${was.name}`;
    if (!is) {
      add(was.deprecated ? "request-parameter-removed-with-deprecation" : "request-parameter-removed", `the ${label} was removed`, was.pointer, `${pair.new.pointer}/parameters`);
      continue;
    }
    if (was.name !== is.name) add("request-path-parameter-renamed", `the path parameter ${was.name} was renamed ${is.name}`, was.pointer, is.pointer);
    if (!was.required && is.required) add("request-parameter-became-required", `the ${label} became required`, was.pointer, is.pointer);
    if (was.required && !is.required) add("request-parameter-became-optional", `the ${label} became optional`, was.pointer, is.pointer);
    if (!was.deprecated && is.deprecated) add("request-parameter-deprecated", `the ${label} was deprecated`, was.pointer, is.pointer);
    // style and explode change how arrays and objects are written (OpenAPI 3.1 §4.8.12.4.1); a
    // scalar is written the same way by every style of its location.
    const scalar = is.schemaPointer === undefined || isScalar(current.nodes, is.schemaPointer);
    const scalarNote = scalar ? " (no effect on its scalar values)" : "";
    const scalarSeverity = scalar ? { clients: "info" as const, servers: "info" as const } : {};
    if (was.style !== is.style) add("request-parameter-style-changed", `the ${label}'s style changed from ${was.style} to ${is.style}${scalarNote}`, was.pointer, is.pointer, scalarSeverity);
    if (was.explode !== is.explode) add("request-parameter-explode-changed", `the ${label}'s explode changed from ${was.explode} to ${is.explode}${scalarNote}`, was.pointer, is.pointer, scalarSeverity);
    if (was.schemaPointer && is.schemaPointer) schemas.compare(was.schemaPointer, is.schemaPointer, { direction: "request", kind: "parameter", subject: `${is.in} parameter ${is.name}` }, pair.scope);
  }
  for (const [key, is] of after) {
    if (before.has(key)) continue;
    add(is.required ? "new-required-request-parameter" : "new-optional-request-parameter", `the ${is.required ? "required" : "optional"} ${is.in} parameter ${is.name} was added`, `${pair.old.pointer}/parameters`, is.pointer);
  }
}

/** Whether the schema at `pointer` can only be a scalar (no array or object type, no items or properties). */
function isScalar(nodes: DocumentNodes, pointer: string): boolean {
  const schema = followReference(nodes, pointer)?.node;
  if (!schema) return false;
  const type = schema["type"];
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? type : [];
  if (types.length === 0) return false;
  return !types.includes("array") && !types.includes("object") && schema["items"] === undefined && schema["properties"] === undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The object at `pointer`, following `$ref`s (bounded), with its final pointer. */
export function followObject(nodes: DocumentNodes, pointer: string): { node: SpecObject; pointer: string } | undefined {
  const found = followReference(nodes, pointer);
  return found ? { node: found.node, pointer: found.pointer } : undefined;
}

import { escapePointerSegment } from "../wire/json-pointer.js";
import type { ChangeLog, DiffSide } from "./change-log.js";
import { followObject, type OperationPair } from "./operations.js";
import type { OperationRuleId } from "./rules.js";
import type { SchemaComparer } from "./schemas.js";
import type { DocumentNodes } from "./schema-view.js";

type SpecObject = Record<string, unknown>;

/** Media types of a Content map (OpenAPI 3.1 §4.8.14), lower-cased (RFC 9110 §8.3.1: types and subtypes are case-insensitive) → pointer. */
function mediaTypesOf(content: unknown, pointer: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!content || typeof content !== "object") return found;
  for (const mediaType of Object.keys(content)) found.set(mediaType.toLowerCase(), `${pointer}/content/${escapePointerSegment(mediaType)}`);
  return found;
}

/** Compares the request bodies of two versions of an operation (OpenAPI 3.1 §4.8.13). */
export function compareRequestBodies(pair: OperationPair, old: DiffSide, current: DiffSide, log: ChangeLog, schemas: SchemaComparer): void {
  const before = pair.old.operation["requestBody"] !== undefined ? followObject(old.nodes, `${pair.old.pointer}/requestBody`) : undefined;
  const after = pair.new.operation["requestBody"] !== undefined ? followObject(current.nodes, `${pair.new.pointer}/requestBody`) : undefined;
  const add = (id: OperationRuleId, message: string, oldPointer: string, newPointer: string): void => log.add(pair.scope, { id, message, direction: "request", oldPointer, newPointer });
  if (!before && !after) return;
  if (!before) {
    const required = after!.node["required"] === true;
    add(required ? "request-body-added-required" : "request-body-added-optional", `a${required ? " required" : "n optional"} request body was added`, pair.old.pointer, after!.pointer);
    return;
  }
  if (!after) {
    add("request-body-removed", "the request body was removed", before.pointer, pair.new.pointer);
    return;
  }
  if (before.node["required"] !== true && after.node["required"] === true) add("request-body-became-required", "the request body became required", before.pointer, after.pointer);
  if (before.node["required"] === true && after.node["required"] !== true) add("request-body-became-optional", "the request body became optional", before.pointer, after.pointer);
  const typesBefore = mediaTypesOf(before.node["content"], before.pointer);
  const typesAfter = mediaTypesOf(after.node["content"], after.pointer);
  for (const [mediaType, oldAt] of typesBefore) {
    const newAt = typesAfter.get(mediaType);
    if (newAt === undefined) {
      add("request-body-media-type-removed", `the request body media type ${mediaType} was removed`, oldAt, `${after.pointer}/content`);
      continue;
    }
    if (hasSchema(old.nodes, oldAt) && hasSchema(current.nodes, newAt)) {
      schemas.compare(`${oldAt}/schema`, `${newAt}/schema`, { direction: "request", kind: "body", subject: `request body (${mediaType})` }, pair.scope);
    }
  }
  for (const [mediaType, newAt] of typesAfter) {
    if (!typesBefore.has(mediaType)) add("request-body-media-type-added", `the request body media type ${mediaType} was added`, `${before.pointer}/content`, newAt);
  }
}

const isSuccess = (status: string): boolean => status.startsWith("2");

/** Whether a response map covers `status` with a range (`4XX`) or `default` (OpenAPI 3.1 §4.8.16.2). */
function coveredByRange(statuses: Map<string, string>, status: string): boolean {
  return /^[1-5]\d\d$/.test(status) && (statuses.has(`${status[0]}XX`) || statuses.has("DEFAULT"));
}

/** Compares the responses of two versions of an operation: statuses, media types, headers and schemas. */
export function compareResponses(pair: OperationPair, old: DiffSide, current: DiffSide, log: ChangeLog, schemas: SchemaComparer): void {
  const statusesOf = (operation: SpecObject, pointer: string): Map<string, string> => {
    const found = new Map<string, string>();
    const responses = operation["responses"];
    if (!responses || typeof responses !== "object") return found;
    for (const status of Object.keys(responses)) found.set(status.toUpperCase(), `${pointer}/responses/${escapePointerSegment(status)}`);
    return found;
  };
  const before = statusesOf(pair.old.operation, pair.old.pointer);
  const after = statusesOf(pair.new.operation, pair.new.pointer);
  const add = (id: OperationRuleId, message: string, oldPointer: string, newPointer: string, covered = false): void =>
    log.add(pair.scope, { id, message, direction: "response", oldPointer, newPointer, ...(covered ? { clients: "info", servers: "info" } : {}) });
  const name = (status: string): string => (status === "DEFAULT" ? "default" : status);
  for (const [status, oldAt] of before) {
    const newAt = after.get(status);
    if (newAt === undefined) {
      const covered = coveredByRange(after, status);
      add(isSuccess(status) ? "response-success-status-removed" : "response-non-success-status-removed", `the ${name(status)} response was removed${covered ? ` (still covered by ${after.has(`${status[0]}XX`) ? `${status[0]}XX` : "default"})` : ""}`, oldAt, `${pair.new.pointer}/responses`, covered);
      continue;
    }
    compareResponse(pair, name(status), oldAt, newAt, old, current, log, schemas);
  }
  for (const [status, newAt] of after) {
    if (before.has(status)) continue;
    const covered = coveredByRange(before, status);
    add(isSuccess(status) ? "response-success-status-added" : "response-non-success-status-added", `the ${name(status)} response was added${covered ? ` (was covered by ${before.has(`${status[0]}XX`) ? `${status[0]}XX` : "default"})` : ""}`, `${pair.old.pointer}/responses`, newAt, covered);
  }
}

function compareResponse(pair: OperationPair, status: string, oldPointer: string, newPointer: string, old: DiffSide, current: DiffSide, log: ChangeLog, schemas: SchemaComparer): void {
  const before = followObject(old.nodes, oldPointer);
  const after = followObject(current.nodes, newPointer);
  if (!before || !after) return;
  const add = (id: OperationRuleId, message: string, oldAt: string, newAt: string): void => log.add(pair.scope, { id, message, direction: "response", oldPointer: oldAt, newPointer: newAt });
  const typesBefore = mediaTypesOf(before.node["content"], before.pointer);
  const typesAfter = mediaTypesOf(after.node["content"], after.pointer);
  for (const [mediaType, oldAt] of typesBefore) {
    const newAt = typesAfter.get(mediaType);
    if (newAt === undefined) {
      add("response-media-type-removed", `the media type ${mediaType} of the ${status} response was removed`, oldAt, after.pointer);
    } else if (hasSchema(old.nodes, oldAt) && hasSchema(current.nodes, newAt)) {
      schemas.compare(`${oldAt}/schema`, `${newAt}/schema`, { direction: "response", kind: "body", subject: `${status} response body (${mediaType})` }, pair.scope);
    }
  }
  for (const [mediaType, newAt] of typesAfter) {
    if (!typesBefore.has(mediaType)) add("response-media-type-added", `the media type ${mediaType} was added to the ${status} response`, before.pointer, newAt);
  }
  const headersOf = (response: { node: SpecObject; pointer: string }, nodes: DocumentNodes): Map<string, { pointer: string; required: boolean; schema: boolean }> => {
    const found = new Map<string, { pointer: string; required: boolean; schema: boolean }>();
    const headers = response.node["headers"];
    if (!headers || typeof headers !== "object") return found;
    for (const header of Object.keys(headers)) {
      // "If a response header is defined with the name "Content-Type", it SHALL be ignored." (§4.8.17.1)
      if (header.toLowerCase() === "content-type") continue;
      const resolved = followObject(nodes, `${response.pointer}/headers/${escapePointerSegment(header)}`);
      if (!resolved) continue;
      found.set(header.toLowerCase(), { pointer: resolved.pointer, required: resolved.node["required"] === true, schema: resolved.node["schema"] !== undefined });
    }
    return found;
  };
  const headersBefore = headersOf(before, old.nodes);
  const headersAfter = headersOf(after, current.nodes);
  for (const [header, was] of headersBefore) {
    const is = headersAfter.get(header);
    if (!is) {
      add(was.required ? "required-response-header-removed" : "optional-response-header-removed", `the ${was.required ? "required" : "optional"} header ${header} of the ${status} response was removed`, was.pointer, after.pointer);
      continue;
    }
    if (was.required && !is.required) add("response-header-became-optional", `the header ${header} of the ${status} response became optional`, was.pointer, is.pointer);
    if (!was.required && is.required) add("response-header-became-required", `the header ${header} of the ${status} response became required`, was.pointer, is.pointer);
    if (was.schema && is.schema) schemas.compare(`${was.pointer}/schema`, `${is.pointer}/schema`, { direction: "response", kind: "header", subject: `header ${header} of the ${status} response` }, pair.scope);
  }
  for (const [header, is] of headersAfter) {
    if (!headersBefore.has(header)) add(is.required ? "required-response-header-added" : "response-header-added", `the ${is.required ? "required" : "optional"} header ${header} was added to the ${status} response`, before.pointer, is.pointer);
  }
}

function hasSchema(nodes: DocumentNodes, mediaTypePointer: string): boolean {
  return followObject(nodes, mediaTypePointer)?.node["schema"] !== undefined;
}

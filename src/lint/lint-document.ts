import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { LoadedDocument } from "../load/load-document.js";
import type { ApiModel, Operation } from "../model/ir.js";
import { escapePointerSegment, resolvePointer } from "../wire/json-pointer.js";
import { applySettings, defaultLevels, levelsAt, lintRules, type LintLevels, type LintRule, type LintSettings } from "./lint-settings.js";
import { lintRequestBodies, type BodyFinding, type BodySchema } from "./request-bodies.js";

type SpecObject = Record<string, unknown>;

/** How many offending properties a request-body warning names before "and N more". */
const namedPlaces = 5;

/**
 * The lint warnings of a document, in the spirit of the OWASP API Security Top 10 (2023): API keys
 * in the query string, request-body strings and arrays with no upper bound, request-body objects
 * open to any property, operations with no security beside operations that have it, operations
 * that take input but declare no 4xx response (docs/lint.md). Each warning has its rule's stable
 * code, the JSON pointer of the node at fault and its line and column.
 *
 * Warnings are aggregated so that a large spec does not flood: one per security scheme, one per
 * operation, one per rule and component schema (or inline body) listing the properties at fault.
 *
 * `settings` (generate's `lint` option) sets rules for the whole document; `x-specwright-lint` in
 * the spec overrides it on the document, a path item, an operation, a schema or a security scheme.
 * Throws TypeError for settings naming an unknown rule or level; an invalid `x-specwright-lint` is
 * reported as SPW_W_LINT_EXTENSION and ignored.
 */
export function lintDocument(loaded: LoadedDocument, model: ApiModel, settings?: LintSettings): Diagnostic[] {
  const document = loaded.document as SpecObject;
  const warnings: Diagnostic[] = [];
  const report = (rule: LintRule, pointer: string, message: string, notes?: string[]): void => {
    warnings.push({ code: lintRules[rule].code, severity: "warning", file: loaded.file, pointer, ...loaded.sourceMap.locate(pointer), message: `${message} [${rule}]`, ...(notes && notes.length > 0 ? { notes } : {}) });
  };
  const reportedInvalid = new Set<string>();
  const invalid = (pointer: string, message: string): void => {
    // Each rule's walk meets the same extension: it is reported once.
    if (reportedInvalid.has(pointer)) return;
    reportedInvalid.add(pointer);
    warnings.push({ code: "SPW_W_LINT_EXTENSION", severity: "warning", file: loaded.file, pointer, ...loaded.sourceMap.locate(pointer), message: `${message}; it is ignored` });
  };
  const documentLevels = levelsAt(applySettings(defaultLevels(), settings, "the lint option"), document, "#", invalid);

  // API2:2023: "API keys should not be used for user authentication" and belong in headers, not URLs.
  for (const [name, scheme] of Object.entries(model.securitySchemes)) {
    if (scheme.type !== "apiKey" || scheme.in !== "query") continue;
    const levels = levelsAt(documentLevels, resolvePointer(document, scheme.pointer), scheme.pointer, invalid);
    if (levels["api-key-in-query"] === "warn") {
      report("api-key-in-query", scheme.pointer, `security scheme ${JSON.stringify(name)} reads an API key from the query string, which servers, proxies and browsers log; send it in a header`);
    }
  }

  const operations = model.operations.map((operation) => {
    const pathPointer = operation.pointer.slice(0, operation.pointer.lastIndexOf("/"));
    const pathLevels = levelsAt(documentLevels, resolvePointer(document, pathPointer), pathPointer, invalid);
    const raw = (resolvePointer(document, operation.pointer) ?? {}) as SpecObject;
    return { operation, raw, levels: levelsAt(pathLevels, raw, operation.pointer, invalid) };
  });

  const secured = operations.filter(({ operation }) => requiresCredentials(operation));
  for (const { operation, raw, levels } of operations) {
    const label = `${operation.method.toUpperCase()} ${operation.path}`;
    // API5:2023 (Broken Function Level Authorization): a forgotten requirement looks like a public operation.
    if (levels["operation-without-security"] === "warn" && secured.length > 0 && !requiresCredentials(operation) && raw["security"] === undefined) {
      const example = secured.find((other) => other.operation !== operation)?.operation;
      if (example) {
        report("operation-without-security", operation.pointer, `${label} has no security requirement while ${secured.length} operation(s), such as ${example.method.toUpperCase()} ${example.path}, require credentials; declare \`security: []\` if it is public on purpose`);
      }
    }
    // API8:2023 (Security Misconfiguration) asks for every response, errors included, to be defined.
    const takesInput = operation.parameters.length > 0 || operation.requestBody !== undefined || requiresCredentials(operation);
    const declaresClientError = operation.responses.some((response) => response.status === "default" || response.status.startsWith("4"));
    if (levels["no-4xx-response"] === "warn" && takesInput && !declaresClientError) {
      report("no-4xx-response", `${operation.pointer}/responses`, `${label} takes ${describeInput(operation)} but declares no 4xx response (nor default): the errors clients will get are undocumented`);
    }
  }

  const bodies: BodySchema[] = operations.flatMap(({ operation, levels }) =>
    (operation.requestBody?.contents ?? [])
      .filter((content) => content.schema !== undefined)
      .map((content) => ({ pointer: bodySchemaPointer(document, operation.pointer, content.mediaType), name: `the request body of ${operation.operationId} (${content.mediaType})`, levels })),
  ).filter((body) => resolvePointer(document, body.pointer) !== undefined);
  for (const rule of ["unbounded-string", "unbounded-array", "open-request-body"] as const) {
    for (const finding of lintRequestBodies(document, bodies, rule, invalid)) {
      const [first] = finding.places;
      report(rule, first!.pointer, bodyMessage(finding), finding.places.length > 1 ? [`at ${finding.places.slice(0, namedPlaces).map((place) => place.pointer).join(", ")}${finding.places.length > namedPlaces ? ", …" : ""}`] : undefined);
    }
  }
  return warnings;
}

/** Whether every alternative of an operation's security needs a credential (none is `{}`). */
function requiresCredentials(operation: Operation): boolean {
  return operation.security.length > 0 && operation.security.every((requirement) => requirement.length > 0);
}

function describeInput(operation: Operation): string {
  const parts: string[] = [];
  if (operation.parameters.length > 0) parts.push(operation.parameters.length === 1 ? "a parameter" : "parameters");
  if (operation.requestBody) parts.push("a request body");
  if (requiresCredentials(operation)) parts.push("credentials");
  return parts.join(" and ");
}

function bodyMessage(finding: BodyFinding): string {
  const named = finding.places.slice(0, namedPlaces).map((place) => place.path).join(", ");
  const more = finding.places.length > namedPlaces ? ` and ${finding.places.length - namedPlaces} more` : "";
  const count = finding.places.length;
  switch (finding.rule) {
    case "unbounded-string":
      return `${finding.owner}: ${count === 1 ? "a request string has" : `${count} request strings have`} no maxLength (${named}${more}): one request can make the server store and process any length`;
    case "unbounded-array":
      return `${finding.owner}: ${count === 1 ? "a request array has" : `${count} request arrays have`} no maxItems (${named}${more}): one request can carry any number of items`;
    case "open-request-body":
      return `${finding.owner}: ${count === 1 ? "a request object accepts" : `${count} request objects accept`} any property (${named}${more}), as additionalProperties is not false: clients can set properties the handler does not expect (mass assignment)`;
  }
}

/**
 * The pointer of a request body media type's schema, through a `$ref`'d Request Body Object
 * (`#/components/requestBodies/Book/content/application~1json/schema`).
 */
function bodySchemaPointer(document: SpecObject, operationPointer: string, mediaType: string): string {
  let pointer = `${operationPointer}/requestBody`;
  for (let hop = 0; hop < 16; hop++) {
    const node = resolvePointer(document, pointer) as SpecObject | undefined;
    if (!node || typeof node["$ref"] !== "string" || !node["$ref"].startsWith("#")) break;
    pointer = node["$ref"];
  }
  return `${pointer}/content/${escapePointerSegment(mediaType)}/schema`;
}

import type { ApiModel, Operation } from "../model/ir.js";
import { problemDetailsSchema, problemMediaType, validationProblemSchema } from "../wire/problem.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";

/** The problem responses the runtime can send for an operation, by status, with their component name. */
function runtimeResponses(operation: Operation): [status: string, component: string][] {
  const responses: [string, string][] = [["400", "SpecwrightBadRequest"]];
  if (operation.security.length > 0 && operation.security.every((requirement) => requirement.length > 0)) {
    responses.push(["401", "SpecwrightUnauthorized"], ["403", "SpecwrightForbidden"]);
  }
  if (operation.requestBody) responses.push(["413", "SpecwrightContentTooLarge"], ["415", "SpecwrightUnsupportedMediaType"]);
  if (operation.parameters.some((parameter) => parameter.in === "path")) responses.push(["414", "SpecwrightUriTooLong"]);
  if (operation.requestBody || operation.parameters.length > 0) responses.push(["422", "SpecwrightValidationFailed"]);
  responses.push(["500", "SpecwrightInternalError"]);
  return responses;
}

const componentResponses: Record<string, { description: string; schema: string }> = {
  SpecwrightBadRequest: { description: "The request cannot be parsed (JSON, percent-encoding, too many parameters, nesting, forbidden keys).", schema: "SpecwrightProblemDetails" },
  SpecwrightUnauthorized: { description: "Missing or invalid credentials; see WWW-Authenticate.", schema: "SpecwrightProblemDetails" },
  SpecwrightForbidden: { description: "Valid credentials without the needed permission or scope.", schema: "SpecwrightProblemDetails" },
  SpecwrightContentTooLarge: { description: "The body is larger than the server accepts.", schema: "SpecwrightProblemDetails" },
  SpecwrightUriTooLong: { description: "A path parameter is longer than the server accepts (maxParameterLength, or its own maxLength).", schema: "SpecwrightProblemDetails" },
  SpecwrightUnsupportedMediaType: { description: "The Content-Type is not one the operation declares.", schema: "SpecwrightProblemDetails" },
  SpecwrightValidationFailed: { description: "The request does not match the contract.", schema: "SpecwrightValidationProblem" },
  SpecwrightInternalError: { description: "The server failed; quote the requestId when reporting it.", schema: "SpecwrightProblemDetails" },
  SpecwrightNotFound: { description: "No operation at this path (any path the document does not declare).", schema: "SpecwrightProblemDetails" },
  SpecwrightMethodNotAllowed: { description: "The path exists without this method; Allow lists the methods.", schema: "SpecwrightProblemDetails" },
};

/**
 * Emits the document the runtime serves, as `openapi.json` (for reading and for other tools) and
 * as `openapi.cjs`, which routes.ts requires on the first request for `/openapi.json` (which `/docs` loads):
 * a CommonJS module because builds already copy `.cjs` files beside the compiled routes.js, as
 * for the validators, and required rather than imported, so tsc never infers a type from every
 * node of the JSON (for a large spec, a good part of its time and memory; docs/benchmarks.md)
 * and a server does not parse it at start-up. The document is the bundled spec, plus the problem
 * responses the runtime itself can send (400, 401/403 on secured operations, 413/415 with a
 * body, 414 with path parameters, 422 with parameters or a body, 500) wherever the operation does not declare that status,
 * a range covering it, or `default`; 404 and 405 (unknown path, undeclared method) as
 * `components.responses` only — so `/docs` tells the truth (FastAPI adds its 422 the same
 * way). The schemas come from wire/problem.ts, the ones the runtime's bodies follow.
 */
export function emitDocument(model: ApiModel): GeneratedFile[] {
  // Copies only the objects it changes (the document is 13 MB for GitHub; a deep copy was a
  // tenth of a second and 150 MB more at the peak), so model.document stays untouched.
  const document = { ...model.document };
  const used = new Set<string>();
  const paths = { ...(document["paths"] as object) } as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  if (document["paths"] !== undefined) document["paths"] = paths;
  for (const operation of model.operations) {
    const original = paths[operation.path]?.[operation.method];
    if (!original || typeof original !== "object") continue;
    const pathItem = (paths[operation.path] = { ...paths[operation.path] });
    const target = (pathItem[operation.method] = { ...original });
    const responses = (target.responses = { ...target.responses });
    const declared = Object.keys(responses).map((key) => key.toUpperCase());
    if (declared.includes("DEFAULT")) continue;
    for (const [status, component] of runtimeResponses(operation)) {
      if (declared.includes(status) || declared.includes(`${status[0]}XX`)) continue;
      responses[status] = { $ref: `#/components/responses/${component}` };
      used.add(component);
    }
  }
  // 404 and 405 answer requests that match no operation, so no operation lists them; they are
  // published as components so the document still describes every body the server sends.
  if (model.operations.length > 0) used.add("SpecwrightNotFound").add("SpecwrightMethodNotAllowed");
  if (used.size > 0) {
    const components = (document["components"] = { ...(document["components"] as object) }) as Record<string, Record<string, unknown>>;
    const schemas = (components["schemas"] = { ...components["schemas"] });
    schemas["SpecwrightProblemDetails"] = problemDetailsSchema;
    if (used.has("SpecwrightValidationFailed")) schemas["SpecwrightValidationProblem"] = validationProblemSchema;
    const responses = (components["responses"] = { ...components["responses"] });
    for (const name of [...used].sort()) {
      const { description, schema } = componentResponses[name]!;
      responses[name] = { description, content: { [problemMediaType]: { schema: { $ref: `#/components/schemas/${schema}` } } } };
    }
  }
  return [
    { path: "openapi.json", text: JSON.stringify(document, null, 2) + "\n" },
    {
      path: "openapi.cjs",
      text: [
        generatedHeader(model),
        "// The document the server serves at /openapi.json and /docs (openapi.json holds the same, for reading).",
        '"use strict";',
        // JSON.parse of one string literal loads faster than an object literal of the same size (V8's
        // parser scans a string in one pass; JSON.parse builds the objects), and keeps the file's
        // meaning obvious: data, not code.
        `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(document))});`,
        "",
      ].join("\n"),
    },
  ];
}

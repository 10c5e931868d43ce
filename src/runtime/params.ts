import type { IncomingHttpHeaders } from "node:http";
import { parameterShapeOf as shapeOf, type Coercion } from "../wire/coercion.js";
import {
  formDecode, parseCookieHeader, parseHeaderParameter, parsePathParameter, parseQueryParameter, splitQuery,
  type ParameterShape, type RawParameterValue,
} from "../wire/parameter-styles.js";
import type { ValidationIssue } from "../wire/problem.js";
import { coerceValue } from "./coerce.js";
import { runtimeError } from "./errors.js";
import type { ParameterDefinition, RouteDefinition } from "./route-definition.js";

/** Parameter values by location, keyed by the declared parameter names, coerced but not validated. */
export interface ParameterValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  cookie: Record<string, unknown>;
}

/** Limits applied while reading parameters. */
export interface ParameterLimits {
  /** Longest path parameter, in characters, before 414 (RELIABILITY P3). */
  maxParameterLength: number;
  /** Most query pairs before 400 (RELIABILITY P5). */
  maxQueryPairs: number;
  /** Reject query parameters the operation does not declare (422) instead of ignoring them. */
  rejectUnknownQueryParameters: boolean;
}


/**
 * Reads every declared parameter of a route from the raw path parameter texts, the raw query
 * string and the headers, applying each parameter's style and strict coercion.
 *
 * Throws HttpError 414 (SPW_HTTP_PARAMETER_TOO_LONG), 400 (SPW_HTTP_MALFORMED_ENCODING,
 * SPW_HTTP_TOO_MANY_PARAMETERS). Repeated scalars and unknown query keys (when rejected) are
 * returned as issues, so they are reported with the schema errors as one 422.
 */
export function readParameters(
  route: RouteDefinition,
  rawPath: Record<string, string>,
  rawQuery: string,
  headers: IncomingHttpHeaders,
  limits: ParameterLimits,
): { values: ParameterValues; issues: ValidationIssue[] } {
  const locations = locationsOf(route);
  // Locations the route declares nothing in share one frozen empty object (no validator writes
  // defaults into them); the others get their own, without a prototype.
  const values: ParameterValues = {
    path: locations.path ? Object.create(null) : noParameters,
    query: locations.query ? Object.create(null) : noParameters,
    header: locations.header ? Object.create(null) : noParameters,
    cookie: locations.cookie ? Object.create(null) : noParameters,
  };
  const issues: ValidationIssue[] = [];
  let queryPairs: [string, string][] | undefined;
  let cookies: Record<string, string> | undefined;
  let queryNames: ReadonlySet<string> | undefined;
  for (const parameter of route.parameters) {
    const shape = shapeOf(parameter.coercion);
    let raw: RawParameterValue | undefined;
    switch (parameter.in) {
      case "path": {
        const text = rawPath[parameter.name] ?? "";
        if (text.length > limits.maxParameterLength) {
          throw runtimeError("SPW_HTTP_PARAMETER_TOO_LONG", `path parameter ${parameter.name} is longer than ${limits.maxParameterLength} characters`);
        }
        raw = parsePathParameter(text, parameter.name, parameter.style, parameter.explode, shape);
        break;
      }
      case "query": {
        queryPairs ??= decodeQueryKeys(rawQuery, limits.maxQueryPairs);
        queryNames ??= locations.queryNames;
        raw = parseQueryParameter(queryPairs, parameter.name, parameter.style, parameter.explode, shape, queryNames);
        if (Array.isArray(raw) && shape === "primitive") {
          issues.push(issue(parameter, "", "type", `query parameter ${parameter.name} must be given once`));
          continue;
        }
        // allowEmptyValue (§4.8.12.2): `?flag=` or `?flag` stands for a parameter sent without a
        // value, so a non-string parameter counts as absent (its default applies). Without it the
        // empty text is coerced like any other and fails for integers, booleans and the like.
        if (raw === "" && parameter.allowEmptyValue && !acceptsEmptyString(parameter.coercion)) continue;
        break;
      }
      case "header": {
        const header = headers[parameter.name.toLowerCase()];
        if (header !== undefined) raw = parseHeaderParameter(Array.isArray(header) ? header.join(", ") : header, parameter.explode, shape);
        break;
      }
      case "cookie": {
        cookies ??= parseCookieHeader(headers.cookie);
        const text = cookies[parameter.name];
        if (text !== undefined) raw = parseCookieValue(text, parameter.explode, shape);
        break;
      }
    }
    if (raw === undefined) continue;
    values[parameter.in][parameter.name] = coerceValue(raw, parameter.coercion);
  }
  if (limits.rejectUnknownQueryParameters && rawQuery !== "") {
    queryPairs ??= decodeQueryKeys(rawQuery, limits.maxQueryPairs);
    const declared = route.parameters.filter((parameter) => parameter.in === "query");
    const openObject = declared.some((parameter) => parameter.style === "form" && parameter.explode && parameter.coercion.type === "object");
    if (!openObject) {
      for (const [key] of queryPairs) {
        const known = declared.some((parameter) => parameter.name === key || (parameter.style === "deepObject" && key.startsWith(`${parameter.name}[`)));
        if (!known) {
          issues.push({ in: "query", name: key, loc: ["query", key], pointer: "", keyword: "additionalProperties", message: `unknown query parameter ${key}` });
        }
      }
    }
  }
  return { values, issues };
}

/** The parameters of a location the route declares none in: empty, shared, frozen. */
const noParameters: Record<string, unknown> = Object.freeze(Object.create(null));

type RouteLocations = Record<ParameterDefinition["in"], boolean> & { queryNames: ReadonlySet<string> };
const routeLocations = new WeakMap<RouteDefinition, RouteLocations>();

/** Which locations a route declares parameters in, and its query parameter names; computed once per route. */
function locationsOf(route: RouteDefinition): RouteLocations {
  let locations = routeLocations.get(route);
  if (!locations) {
    locations = { path: false, query: false, header: false, cookie: false, queryNames: new Set(route.parameters.filter((item) => item.in === "query").map((item) => item.name)) };
    for (const parameter of route.parameters) locations[parameter.in] = true;
    routeLocations.set(route, locations);
  }
  return locations;
}

/** Whether the empty string is a value of this coercion's type (a string, or unconstrained). */
function acceptsEmptyString(coercion: Coercion): boolean {
  if (coercion.type === "union") return coercion.options.some(acceptsEmptyString);
  return coercion.type === "string" || coercion.type === "unknown";
}

function issue(parameter: ParameterDefinition, pointer: string, keyword: string, message: string): ValidationIssue {
  return { in: parameter.in, name: parameter.name, loc: [parameter.in, parameter.name], pointer, keyword, message };
}

/**
 * Splits a query string or form body into `[key, value]` pairs with decoded keys (values stay
 * encoded until their style splits them). Throws HttpError 400 SPW_HTTP_TOO_MANY_PARAMETERS past
 * `maxPairs` (no silent truncation, RELIABILITY P5/B8); `what` names the input in that message.
 */
export function decodeQueryKeys(rawQuery: string, maxPairs: number, what = "the query string"): [string, string][] {
  let pairs: [string, string][];
  try {
    pairs = splitQuery(rawQuery, maxPairs);
  } catch {
    throw runtimeError("SPW_HTTP_TOO_MANY_PARAMETERS", `${what} has more than ${maxPairs} parameters`);
  }
  for (const pair of pairs) pair[0] = formDecode(pair[0]);
  return pairs;
}

/** Cookie values use style `form` (§4.8.12.4): arrays and objects are comma-separated. */
function parseCookieValue(text: string, explode: boolean, shape: ParameterShape): RawParameterValue {
  if (shape === "primitive") return formDecode(text);
  const parsed = parseHeaderParameter(text, explode, shape);
  if (Array.isArray(parsed)) return parsed.map(formDecode);
  if (typeof parsed === "object") {
    const result: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(parsed)) result[formDecode(key)] = formDecode(value);
    return result;
  }
  return parsed;
}

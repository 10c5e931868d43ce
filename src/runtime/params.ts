import type { IncomingHttpHeaders } from "node:http";
import { parameterShapeOf as shapeOf, readsInt64, type Coercion } from "../wire/coercion.js";
import {
  formDecode, parseCookieHeader, parseHeaderParameter, parsePathParameter, parseQueryParameter, splitQuery,
  type ParameterShape, type RawParameterValue,
} from "../wire/parameter-styles.js";
import type { ValidationIssue } from "../wire/problem.js";
import { createRecord } from "../wire/records.js";
import { coerceValue } from "../wire/coerce.js";
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
  const plan = parameterPlanOf(route);
  // Locations the route declares nothing in share one frozen empty object (no validator writes
  // defaults into them); the others get their own, without a prototype.
  const values: ParameterValues = {
    path: plan.path ? createRecord() : noParameters,
    query: plan.query ? createRecord() : noParameters,
    header: plan.header ? createRecord() : noParameters,
    cookie: plan.cookie ? createRecord() : noParameters,
  };
  const issues: ValidationIssue[] = [];
  if (plan.parameters.length === 0) {
    if (limits.rejectUnknownQueryParameters && rawQuery !== "") rejectUnknownQueryKeys(plan, rawQuery, limits, issues);
    return { values, issues };
  }
  let queryPairs: [string, string][] | undefined;
  let cookies: Record<string, string> | undefined;
  if (plan.simpleQuery && rawQuery !== "") readSimpleQuery(plan, rawQuery, limits, values.query, issues);
  for (const { parameter, shape } of plan.parameters) {
    let raw: RawParameterValue | undefined;
    switch (parameter.in) {
      case "path": {
        const text = rawPath[parameter.name] ?? "";
        // The limit counts the characters of the value, not of its percent-encoding: twelve
        // CJK characters are 108 encoded bytes but 12 characters (JSON Schema's maxLength counts
        // the same way, RFC 8259 §8 code points). Only texts over the limit are decoded to count.
        // A parameter that declares a longer maxLength is bounded by it instead, so the limit
        // never refuses what the spec allows.
        const limit = parameter.maxLength !== undefined && parameter.maxLength > limits.maxParameterLength ? parameter.maxLength : limits.maxParameterLength;
        if (text.length > limit && decodedLength(text) > limit) {
          throw runtimeError("SPW_HTTP_PARAMETER_TOO_LONG", `path parameter ${parameter.name} is longer than ${limit} characters`);
        }
        raw = parsePathParameter(text, parameter.name, parameter.style, parameter.explode, shape);
        break;
      }
      case "query": {
        if (plan.simpleQuery) continue;
        queryPairs ??= decodeQueryKeys(rawQuery, limits.maxQueryPairs);
        raw = parseQueryParameter(queryPairs, parameter.name, parameter.style, parameter.explode, shape, plan.queryNames);
        if (Array.isArray(raw) && shape === "primitive") {
          issues.push(issue(parameter, "", "type", `query parameter ${parameter.name} must be given once`));
          continue;
        }
        if (raw === "" && parameter.allowEmptyValue && !acceptsEmptyString(parameter.coercion)) continue;
        break;
      }
      case "header": {
        const header = headers[plan.headerNames.get(parameter)!];
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
    storeValue(values[parameter.in], parameter, raw, issues);
  }
  if (limits.rejectUnknownQueryParameters && rawQuery !== "" && !plan.simpleQuery) rejectUnknownQueryKeys(plan, rawQuery, limits, issues, queryPairs);
  return { values, issues };
}

/** Query keys the operation does not declare, as 422 issues (`rejectUnknownQueryParameters`). */
function rejectUnknownQueryKeys(plan: ParameterPlan, rawQuery: string, limits: ParameterLimits, issues: ValidationIssue[], decoded?: [string, string][]): void {
  const declared = plan.parameters.filter(({ parameter }) => parameter.in === "query").map(({ parameter }) => parameter);
  const openObject = declared.some((parameter) => parameter.style === "form" && parameter.explode && parameter.coercion.type === "object");
  if (openObject) return;
  for (const [key] of decoded ?? decodeQueryKeys(rawQuery, limits.maxQueryPairs)) {
    const known = declared.some((parameter) => parameter.name === key || (parameter.style === "deepObject" && key.startsWith(`${parameter.name}[`)));
    if (!known) unknownQueryKey(key, issues);
  }
}

function unknownQueryKey(key: string, issues: ValidationIssue[]): void {
  issues.push({ in: "query", name: key, loc: ["query", key], pointer: "", keyword: "additionalProperties", message: `unknown query parameter ${key}` });
}

/**
 * The query of a route whose query parameters are all style `form` primitives or exploded
 * `form` arrays (most operations): one pass over the query string, each key decoded once and
 * looked up, instead of one scan of the pairs per parameter. Same results as the general path
 * (parseQueryParameter): repeats of a primitive are an issue, `allowEmptyValue` is honoured,
 * keys past `maxQueryPairs` are a 400.
 */
function readSimpleQuery(plan: ParameterPlan, rawQuery: string, limits: ParameterLimits, target: Record<string, unknown>, issues: ValidationIssue[]): void {
  let collected: (string[] | undefined)[] | undefined;
  let pairs = 0;
  let start = 0;
  const length = rawQuery.length;
  while (start <= length) {
    let end = rawQuery.indexOf("&", start);
    if (end === -1) end = length;
    if (end > start) {
      if (pairs === limits.maxQueryPairs) throw runtimeError("SPW_HTTP_TOO_MANY_PARAMETERS", `the query string has more than ${limits.maxQueryPairs} parameters`);
      pairs += 1;
      const equals = rawQuery.indexOf("=", start);
      const keyEnd = equals === -1 || equals > end ? end : equals;
      const key = formDecode(rawQuery.slice(start, keyEnd));
      const index = plan.queryIndex.get(key);
      if (index === undefined) {
        if (limits.rejectUnknownQueryParameters) unknownQueryKey(key, issues);
      } else {
        collected ??= new Array(plan.parameters.length);
        (collected[index] ??= []).push(keyEnd === end ? "" : rawQuery.slice(keyEnd + 1, end));
      }
    }
    start = end + 1;
  }
  if (!collected) return;
  for (let index = 0; index < collected.length; index++) {
    const texts = collected[index];
    if (texts === undefined) continue;
    const { parameter, shape } = plan.parameters[index]!;
    if (shape === "array") {
      storeValue(target, parameter, texts.map(formDecode), issues);
      continue;
    }
    if (texts.length > 1) {
      issues.push(issue(parameter, "", "type", `query parameter ${parameter.name} must be given once`));
      continue;
    }
    const text = formDecode(texts[0]!);
    if (text === "" && parameter.allowEmptyValue && !acceptsEmptyString(parameter.coercion)) continue;
    storeValue(target, parameter, text, issues);
  }
}

/**
 * Coerces a parameter's raw value into `target`. An integer too large for a number to hold
 * exactly (beyond ±(2^53−1)) becomes an issue that says so, not the validator's "must be integer"
 * for digits it never saw as a number; the rounded number is stored only so that the validator
 * checks the rest, since the issue refuses the request before any handler sees it.
 */
function storeValue(target: Record<string, unknown>, parameter: ParameterDefinition, raw: RawParameterValue, issues: ValidationIssue[]): void {
  const value = coerceValue(raw, parameter.coercion);
  // Digits that stay a string under integer coercion are digits beyond the safe range.
  if (typeof value === "string" && acceptsOnlyInteger(parameter.coercion) && /^-?[0-9]+$/.test(value)) {
    issues.push(issue(parameter, "", value.startsWith("-") ? "minimum" : "maximum", `${parameter.in} parameter ${parameter.name} must be an integer within ±${Number.MAX_SAFE_INTEGER}: a larger one cannot be read exactly`));
    target[parameter.name] = Number(value);
    return;
  }
  target[parameter.name] = value;
}

/** Whether a scalar value of this coercion can only be an integer (`integer`, or `integer` or null). */
function acceptsOnlyInteger(coercion: Coercion): boolean {
  if (coercion.type === "union") return coercion.options.every((option) => option.type === "integer" || option.type === "null") && coercion.options.some((option) => option.type === "integer");
  return coercion.type === "integer";
}

/**
 * The names of a route's `int64` parameters (read as BigInt) per location, or undefined when it
 * has none (see int64ValidationView in coerce.ts).
 */
export function int64ParameterNames(route: RouteDefinition): Partial<Record<ParameterDefinition["in"], readonly string[]>> | undefined {
  return parameterPlanOf(route).int64;
}


/** The parameters of a location the route declares none in: empty, shared, frozen. */
const noParameters: Record<string, unknown> = Object.freeze(Object.create(null));

/** A route's parameters, prepared once: what readParameters would otherwise work out per request. */
interface ParameterPlan {
  path: boolean;
  query: boolean;
  header: boolean;
  cookie: boolean;
  /** Every parameter with its value shape. */
  parameters: readonly { parameter: ParameterDefinition; shape: ParameterShape }[];
  queryNames: ReadonlySet<string>;
  /** Query parameter name → index in `parameters`. */
  queryIndex: ReadonlyMap<string, number>;
  /** Header parameters' lower-cased names (node:http's header keys). */
  headerNames: ReadonlyMap<ParameterDefinition, string>;
  /** Every query parameter is a `form` primitive or an exploded `form` array: see readSimpleQuery. */
  simpleQuery: boolean;
  /** The `int64` parameters read as BigInt, per location; undefined when there are none. */
  int64: Partial<Record<ParameterDefinition["in"], readonly string[]>> | undefined;
}

const parameterPlans = new WeakMap<RouteDefinition, ParameterPlan>();

/** The parameter plan of a route, built on its first request. */
function parameterPlanOf(route: RouteDefinition): ParameterPlan {
  let plan = parameterPlans.get(route);
  if (plan) return plan;
  const parameters = route.parameters.map((parameter) => ({ parameter, shape: shapeOf(parameter.coercion) }));
  const queryIndex = new Map<string, number>();
  let simpleQuery = true;
  parameters.forEach(({ parameter, shape }, index) => {
    if (parameter.in !== "query") return;
    queryIndex.set(parameter.name, index);
    const simple = parameter.style === "form" && parameter.contentMediaType === undefined && (shape === "primitive" || (shape === "array" && parameter.explode));
    if (!simple) simpleQuery = false;
  });
  plan = {
    path: false,
    query: false,
    header: false,
    cookie: false,
    parameters,
    queryNames: new Set(queryIndex.keys()),
    queryIndex,
    headerNames: new Map(route.parameters.filter((parameter) => parameter.in === "header").map((parameter) => [parameter, parameter.name.toLowerCase()])),
    simpleQuery,
    int64: undefined,
  };
  for (const parameter of route.parameters) {
    plan[parameter.in] = true;
    if (readsInt64(parameter.coercion)) {
      const int64 = (plan.int64 ??= {});
      int64[parameter.in] = [...(int64[parameter.in] ?? []), parameter.name];
    }
  }
  parameterPlans.set(route, plan);
  return plan;
}

/** The number of characters (code points) of percent-encoded text once decoded; its own length when it does not decode. */
function decodedLength(text: string): number {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return text.length;
  }
  let count = 0;
  for (const _character of decoded) count += 1;
  return count;
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

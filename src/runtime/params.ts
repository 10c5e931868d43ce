/**
 * Reading one declared parameter from a request (OpenAPI 3.1 §4.8.12): generated parameter readers
 * call these, one per parameter, through the request's {@link ParameterReader}. Every choice
 * (location, style, explode, value layout, coercion) comes with the parameter's definition, made
 * at generate time; what is read per request (the query's pairs, the cookies) is kept on the
 * request's own state, never in a cache shared between requests.
 */
import type { IncomingHttpHeaders } from "node:http";
import { exactInt64Values, int64ValidationView, coerceValue } from "../wire/coerce.js";
import {
  formDecode, parseCookieHeader, parseHeaderParameter, parsePathParameter, parseQueryParameter, splitQuery, type ParameterShape, type RawParameterValue,
} from "../wire/parameter-styles.js";
import type { ValidationIssue } from "../wire/problem.js";
import { runtimeError } from "./errors.js";
import type { CompiledValidator, ParameterDefinition, ParameterLocation, RouteDefinition } from "./route-definition.js";
import { validatePart } from "./validate.js";

/** Limits applied while reading parameters. */
export interface ParameterLimits {
  /** Longest path parameter, in characters, before 414. Default 100. */
  maxParameterLength: number;
  /** Most query pairs before 400 (no silent truncation). Default 1000. */
  maxQueryPairs: number;
  /** Reject query parameters the operation does not declare (422) instead of ignoring them. */
  rejectUnknownQueryParameters: boolean;
}

/** What reading parameters needs from the request's state (see exchange.ts). */
export interface ParameterSource {
  readonly rawPath: Readonly<Record<string, string>>;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  readonly limits: ParameterLimits;
  readonly issues: ValidationIssue[];
  /** The query's pairs with decoded keys, split on first use. */
  queryPairs: [string, string][] | undefined;
  /** The Cookie header's pairs, parsed on first use. */
  cookies: Record<string, string> | undefined;
}

/**
 * A path parameter: its raw segment text, bounded by the length limit, parsed by its style.
 * The limit counts the characters of the value, not of its percent-encoding (twelve CJK
 * characters are 108 encoded bytes but 12 characters, as JSON Schema's maxLength counts them);
 * only texts over the limit are decoded to count. Throws HttpError 414.
 */
export function readPathParameter(source: ParameterSource, parameter: ParameterDefinition): unknown {
  const text = source.rawPath[parameter.name] ?? "";
  const limit = parameter.maxLength ?? source.limits.maxParameterLength;
  if (text.length > limit && decodedLength(text) > limit) {
    throw runtimeError("SPW_HTTP_PARAMETER_TOO_LONG", `path parameter ${parameter.name} is longer than ${limit} characters`);
  }
  const raw = parsePathParameter(text, parameter.name, parameter.style, parameter.explode, parameter.shape);
  return raw === undefined ? undefined : coerce(source, parameter, raw);
}

/**
 * A query parameter by its style (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`). A
 * scalar given more than once is an issue, not a silent first or last value. Throws HttpError 400
 * (SPW_HTTP_TOO_MANY_PARAMETERS) past `maxQueryPairs`, (SPW_HTTP_MALFORMED_ENCODING) for bad
 * percent-encoding.
 */
export function readQueryParameter(source: ParameterSource, parameter: ParameterDefinition, route: RouteDefinition): unknown {
  if (source.rawQuery === "") return undefined;
  const pairs = (source.queryPairs ??= decodeQueryKeys(source.rawQuery, source.limits.maxQueryPairs));
  // An exploded `form` object takes the keys no other query parameter declares.
  const claimed = parameter.shape === "object" && parameter.explode && parameter.style === "form" ? declaredQueryNames(route) : noNames;
  const raw = parseQueryParameter(pairs, parameter.name, parameter.style, parameter.explode, parameter.shape, claimed);
  if (raw === undefined) return undefined;
  if (Array.isArray(raw) && parameter.shape === "primitive") {
    source.issues.push(issue(parameter, "type", `query parameter ${parameter.name} must be given once`));
    return undefined;
  }
  if (raw === "" && parameter.emptyIsAbsent) return undefined;
  return coerce(source, parameter, raw);
}

/** A header parameter (style `simple`); repeated fields are joined with `, ` as RFC 9110 §5.3 allows. */
export function readHeaderParameter(source: ParameterSource, parameter: ParameterDefinition): unknown {
  // node:http keys headers by lower-cased name.
  const header = source.headers[parameter.name.toLowerCase()];
  if (header === undefined) return undefined;
  return coerce(source, parameter, parseHeaderParameter(Array.isArray(header) ? header.join(", ") : header, parameter.explode, parameter.shape));
}

/** A cookie parameter (style `form`, §4.8.12.4: lists and maps comma-separated). */
export function readCookieParameter(source: ParameterSource, parameter: ParameterDefinition): unknown {
  const cookies = (source.cookies ??= parseCookieHeader(source.headers.cookie));
  const text = cookies[parameter.name];
  if (text === undefined) return undefined;
  return coerce(source, parameter, parseCookieValue(text, parameter.explode, parameter.shape));
}

/** Validates one location's values; schema violations become issues. */
export function validateParameters(source: ParameterSource, location: ParameterLocation, values: Record<string, unknown>, validate: CompiledValidator): void {
  const issues = validatePart(validate, values, location);
  for (const found of issues) source.issues.push(found);
}

/**
 * Validates one location whose `names` are `int64` parameters read as BigInt: the validator sees
 * them as numbers (int64ValidationView in src/wire/coerce.ts) and the returned record holds the
 * exact values with the defaults the validator inserted.
 */
export function validateExactParameters(source: ParameterSource, location: ParameterLocation, values: Record<string, unknown>, validate: CompiledValidator, names: readonly string[]): Record<string, unknown> {
  const view = int64ValidationView(values, names);
  validateParameters(source, location, view, validate);
  return exactInt64Values(view, values, names);
}

/**
 * Query keys the operation does not declare, as 422 issues (the `rejectUnknownQueryParameters`
 * option). An exploded `form` object parameter takes every key, so nothing is unknown beside one.
 */
export function rejectUnknownQueryKeys(source: ParameterSource, route: RouteDefinition): void {
  if (source.rawQuery === "") return;
  const query = route.parameters.filter((parameter) => parameter.in === "query");
  if (query.some((parameter) => parameter.style === "form" && parameter.explode && parameter.shape === "object")) return;
  const pairs = (source.queryPairs ??= decodeQueryKeys(source.rawQuery, source.limits.maxQueryPairs));
  for (const [key] of pairs) {
    const known = query.some((parameter) => parameter.name === key || (parameter.style === "deepObject" && key.startsWith(`${parameter.name}[`)));
    if (!known) source.issues.push({ in: "query", name: key, loc: ["query", key], pointer: "", keyword: "additionalProperties", message: `unknown query parameter ${key}` });
  }
}

/**
 * Splits a query string or form body into `[key, value]` pairs with decoded keys (values stay
 * encoded until their style splits them). Throws HttpError 400 SPW_HTTP_TOO_MANY_PARAMETERS past
 * `maxPairs` (no silent truncation, as qs and querystring do); `what` names the input in that message.
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

const noNames: ReadonlySet<string> = new Set();

function declaredQueryNames(route: RouteDefinition): ReadonlySet<string> {
  return new Set(route.parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name));
}

/**
 * Coerces a parameter's raw value. Digits that stay a string under integer-only coercion are
 * digits beyond the safe range: an issue that says a number cannot hold them exactly, rather than
 * the validator's "must be integer" for digits it never saw as a number. The rounded number is
 * returned only so the validator checks the rest: the issue refuses the request anyway.
 */
function coerce(source: ParameterSource, parameter: ParameterDefinition, raw: RawParameterValue): unknown {
  const value = coerceValue(raw, parameter.coercion);
  if (parameter.integerOnly && typeof value === "string" && /^-?[0-9]+$/.test(value)) {
    source.issues.push(issue(parameter, value.startsWith("-") ? "minimum" : "maximum", `${parameter.in} parameter ${parameter.name} must be an integer within ±${Number.MAX_SAFE_INTEGER}: a larger one cannot be read exactly`));
    return Number(value);
  }
  return value;
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

function issue(parameter: ParameterDefinition, keyword: string, message: string): ValidationIssue {
  return { in: parameter.in, name: parameter.name, loc: [parameter.in, parameter.name], pointer: "", keyword, message };
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

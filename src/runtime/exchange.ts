/**
 * The state of one request as the pipeline serves it: one object, created when the request
 * arrives and dropped when its response is done. It is also what generated parameter readers
 * read through (a {@link ParameterReader}), so what they parse once per request (the query's
 * pairs, the cookies) lives here and nowhere else.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { ValidationIssue } from "../wire/problem.js";
import { createRecord } from "../wire/records.js";
import type { HandlerContext } from "./context.js";
import {
  readCookieParameter, readHeaderParameter, readPathParameter, readQueryParameter, validateExactParameters, validateParameters,
  type ParameterLimits, type ParameterSource,
} from "./params.js";
import type { Pipeline } from "./pipeline.js";
import type { CompiledValidator, ParameterDefinition, ParameterLocation, ParameterReader, RouteDefinition } from "./route-definition.js";

/** The raw path parameters of a request that matched no parameterised route: shared, frozen. */
const noRawParameters: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

/** One request in flight: see the module comment. */
export class Exchange implements ParameterReader, ParameterSource {
  /** The operation the request was routed to, once it is known. */
  route: RouteDefinition | undefined = undefined;
  /** What the handler receives beside its input, once the request is authenticated. */
  context: HandlerContext | undefined = undefined;
  /** The path parameters' raw (still percent-encoded) texts, from the router. */
  rawPath: Readonly<Record<string, string>> = noRawParameters;
  /** The raw query string, without `?`. */
  rawQuery = "";
  queryPairs: [string, string][] | undefined = undefined;
  cookies: Record<string, string> | undefined = undefined;
  /** Every validation problem of the request, answered together as one 422. */
  readonly issues: ValidationIssue[] = [];

  constructor(
    readonly pipeline: Pipeline,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    /** The request id: the client's well-formed `X-Request-Id`, else a generated one. */
    readonly requestId: string,
    /** `performance.now()` when the request arrived (0 unless an onResponse hook reads durations). */
    readonly started: number,
  ) {}

  get headers(): IncomingHttpHeaders {
    return this.request.headers;
  }

  get limits(): ParameterLimits {
    return this.pipeline.limits;
  }

  record(): Record<string, unknown> {
    return createRecord();
  }

  path(into: Record<string, unknown>, parameter: ParameterDefinition): void {
    store(into, parameter, readPathParameter(this, parameter), undefined);
  }

  query(into: Record<string, unknown>, parameter: ParameterDefinition, fallback?: unknown): void {
    store(into, parameter, readQueryParameter(this, parameter, this.route!), fallback);
  }

  header(into: Record<string, unknown>, parameter: ParameterDefinition, fallback?: unknown): void {
    store(into, parameter, readHeaderParameter(this, parameter), fallback);
  }

  cookie(into: Record<string, unknown>, parameter: ParameterDefinition, fallback?: unknown): void {
    store(into, parameter, readCookieParameter(this, parameter), fallback);
  }

  validate(location: ParameterLocation, values: Record<string, unknown>, validate: CompiledValidator): void {
    validateParameters(this, location, values, validate);
  }

  validateExact(location: ParameterLocation, values: Record<string, unknown>, validate: CompiledValidator, names: readonly string[]): Record<string, unknown> {
    return validateExactParameters(this, location, values, validate, names);
  }
}

/** Stores a parameter's value (or its default) under its name; neither leaves the name out. */
function store(into: Record<string, unknown>, parameter: ParameterDefinition, value: unknown, fallback: unknown): void {
  if (value !== undefined) into[parameter.name] = value;
  else if (fallback !== undefined) into[parameter.name] = fallback;
}

/**
 * The English message of an ajv validation error, built from its `keyword` and `params`.
 *
 * The generated validators are compiled with ajv's `messages: false`, which leaves the message
 * strings out of `validators.cjs` (0.45 MB of GitHub's validators); the runtime writes the same
 * sentences ajv would have, from data every ajv error carries. The wording follows ajv 8's
 * (`lib/vocabularies/**` error definitions), so a 422 reads as before: `year: 500` under
 * `minimum: 1000` is "must be >= 1000".
 */
import type { ValidatorError } from "./route-definition.js";

type Params = Record<string, unknown>;

/** `limit` comparisons by keyword, for errors whose params predate `comparison` (ajv ≥ 8 sets it). */
const comparisons: Record<string, string> = { maximum: "<=", minimum: ">=", exclusiveMaximum: "<", exclusiveMinimum: ">" };

/** `must NOT have more/fewer than <limit> <noun>` per size keyword. */
const sizeLimits: Record<string, [string, string]> = {
  maxLength: ["more", "characters"],
  minLength: ["fewer", "characters"],
  maxItems: ["more", "items"],
  minItems: ["fewer", "items"],
  maxProperties: ["more", "properties"],
  minProperties: ["fewer", "properties"],
};

/** Message builders per keyword; each reads only the params ajv sets for that keyword. */
const messages: Record<string, (params: Params) => string> = {
  type: (params) => `must be ${String(params["type"])}`,
  multipleOf: (params) => `must be multiple of ${String(params["multipleOf"])}`,
  pattern: (params) => `must match pattern "${String(params["pattern"])}"`,
  format: (params) => `must match format "${String(params["format"])}"`,
  required: (params) => `must have required property '${String(params["missingProperty"])}'`,
  additionalProperties: () => "must NOT have additional properties",
  unevaluatedProperties: () => "must NOT have unevaluated properties",
  // items (2020-12, after prefixItems), additionalItems and unevaluatedItems all report the tuple length.
  items: (params) => `must NOT have more than ${String(params["limit"])} items`,
  additionalItems: (params) => `must NOT have more than ${String(params["limit"])} items`,
  unevaluatedItems: (params) => `must NOT have more than ${String(params["limit"])} items`,
  uniqueItems: (params) => `must NOT have duplicate items (items ## ${String(params["j"])} and ${String(params["i"])} are identical)`,
  contains: (params) =>
    params["maxContains"] === undefined
      ? `must contain at least ${String(params["minContains"])} valid item(s)`
      : `must contain at least ${String(params["minContains"])} and no more than ${String(params["maxContains"])} valid item(s)`,
  const: () => "must be equal to constant",
  enum: () => "must be equal to one of the allowed values",
  dependentRequired: dependencyMessage,
  dependencies: dependencyMessage,
  propertyNames: () => "property name must be valid",
  anyOf: () => "must match a schema in anyOf",
  oneOf: () => "must match exactly one schema in oneOf",
  not: () => "must NOT be valid",
  if: (params) => `must match "${String(params["failingKeyword"])}" schema`,
  "false schema": () => "boolean schema is false",
  discriminator: (params) =>
    params["error"] === "tag" ? `tag "${String(params["tag"])}" must be string` : `value of tag "${String(params["tag"])}" must be in oneOf`,
};

function dependencyMessage(params: Params): string {
  return `must have ${params["depsCount"] === 1 ? "property" : "properties"} ${String(params["deps"])} when property ${String(params["property"])} is present`;
}

/**
 * The message ajv 8 would have given `error` (English, as with ajv's default `messages: true`):
 * `{keyword: "minimum", params: {comparison: ">=", limit: 1000}}` → `"must be >= 1000"`. An
 * error that carries a `message` already (validators compiled with messages) keeps it. A keyword
 * this table does not know (a custom one) gets ajv's generic `must pass "<keyword>" keyword validation`.
 */
export function describeValidatorError(error: ValidatorError): string {
  if (error.message !== undefined) return error.message;
  const params = error.params ?? {};
  const build = Object.hasOwn(messages, error.keyword) ? messages[error.keyword] : undefined;
  if (build) return build(params);
  const size = Object.hasOwn(sizeLimits, error.keyword) ? sizeLimits[error.keyword] : undefined;
  if (size) return `must NOT have ${size[0]} than ${String(params["limit"])} ${size[1]}`;
  // minimum, maximum, exclusiveMinimum, exclusiveMaximum, and ajv-formats' formatMinimum & co.
  if (params["limit"] !== undefined && (typeof params["comparison"] === "string" || Object.hasOwn(comparisons, error.keyword))) {
    const comparison = typeof params["comparison"] === "string" ? params["comparison"] : comparisons[error.keyword];
    return `must be ${comparison} ${String(params["limit"])}`;
  }
  return `must pass "${error.keyword}" keyword validation`;
}

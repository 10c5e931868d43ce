import type { Direction, Severity } from "./change.js";

/**
 * The rules of `specwright diff`, with their ids and default severities for clients and servers.
 * Ids follow oasdiff's checker vocabulary (https://github.com/oasdiff/oasdiff, docs/BREAKING-CHANGES.md)
 * where oasdiff has the rule; docs/diff.md lists every rule, and a test keeps the two in step.
 *
 * The direction decides the severity of a schema change. In a request the client writes and the
 * server reads: a narrowing (a lower maximum, a removed enum value) can reject what clients send,
 * a widening can hand servers what they were not written to handle. In a response it is the other
 * way round: a widening (a new enum value, a higher maximum) can surprise clients, a narrowing
 * makes servers that still send the old values break the contract.
 */

/** A rule's default severities: for clients and for servers. */
export interface RuleSeverity {
  clients: Severity;
  servers: Severity;
  /** One line for docs/diff.md. */
  summary: string;
}

const B: Severity = "breaking";
const W: Severity = "warning";
const I: Severity = "info";

/** Rules about operations, parameters, bodies, responses and security (not about schema keywords). */
export const operationRules = {
  "endpoint-added": { clients: I, servers: B, summary: "an operation was added (servers must implement it: the generated Handlers interface gains a member)" },
  "api-path-removed-without-deprecation": { clients: B, servers: I, summary: "a path and its operations were removed without being deprecated first" },
  "api-path-removed-with-deprecation": { clients: W, servers: I, summary: "a path was removed after its operations were deprecated" },
  "api-removed-without-deprecation": { clients: B, servers: I, summary: "an operation was removed (its path remains) without being deprecated first" },
  "api-removed-with-deprecation": { clients: W, servers: I, summary: "an operation was removed after being deprecated" },
  "endpoint-deprecated": { clients: I, servers: I, summary: "an operation became deprecated" },
  "endpoint-reactivated": { clients: I, servers: I, summary: "an operation is no longer deprecated" },
  "api-operation-id-removed": { clients: W, servers: W, summary: "an operationId was changed or removed: the generated client method and handler are renamed" },
  "api-operation-id-added": { clients: W, servers: W, summary: "an operationId was added: the generated client method and handler are renamed from the synthesised name" },
  "api-security-added": { clients: B, servers: W, summary: "a security requirement was added; breaking when a credential set that was enough before no longer is (an operation that was public now needs credentials)" },
  "api-security-removed": { clients: B, servers: I, summary: "a security requirement was removed; breaking when clients that used it have no alternative left" },
  "api-security-scope-added": { clients: B, servers: W, summary: "a scope was added to a security requirement; breaking when no alternative without it remains" },
  "api-security-scope-removed": { clients: I, servers: I, summary: "a scope was removed from a security requirement" },
  "api-global-security-added": { clients: B, servers: W, summary: "as api-security-added, for the document's default security (operations that inherit it)" },
  "api-global-security-removed": { clients: B, servers: I, summary: "as api-security-removed, for the document's default security" },
  "api-global-security-scope-added": { clients: B, servers: W, summary: "as api-security-scope-added, for the document's default security" },
  "api-global-security-scope-removed": { clients: I, servers: I, summary: "as api-security-scope-removed, for the document's default security" },
  "api-security-component-type-changed": { clients: B, servers: B, summary: "a security scheme changed its type, HTTP scheme, or where its API key is sent (`in`, `name`)" },
  "new-required-request-parameter": { clients: B, servers: I, summary: "a required parameter was added" },
  "new-optional-request-parameter": { clients: I, servers: I, summary: "an optional parameter was added" },
  "request-parameter-removed": { clients: W, servers: I, summary: "a parameter was removed (clients that still send it may be refused)" },
  "request-parameter-removed-with-deprecation": { clients: I, servers: I, summary: "a deprecated parameter was removed" },
  "request-parameter-became-required": { clients: B, servers: I, summary: "an optional parameter became required" },
  "request-parameter-became-optional": { clients: I, servers: B, summary: "a required parameter became optional (servers must handle its absence)" },
  "request-parameter-deprecated": { clients: I, servers: I, summary: "a parameter became deprecated" },
  "request-parameter-style-changed": { clients: B, servers: B, summary: "a parameter's `style` changed, so arrays and objects are written differently on the wire (info for a scalar)" },
  "request-parameter-explode-changed": { clients: B, servers: B, summary: "a parameter's `explode` changed, so arrays and objects are written differently on the wire (info for a scalar)" },
  "request-path-parameter-renamed": { clients: W, servers: W, summary: "a path parameter was renamed (same URL; the generated input field is renamed)" },
  "request-body-added-required": { clients: B, servers: I, summary: "a required request body was added" },
  "request-body-added-optional": { clients: I, servers: I, summary: "an optional request body was added" },
  "request-body-removed": { clients: B, servers: I, summary: "the request body was removed" },
  "request-body-became-required": { clients: B, servers: I, summary: "the request body became required" },
  "request-body-became-optional": { clients: I, servers: B, summary: "the request body became optional (servers must handle its absence)" },
  "request-body-media-type-added": { clients: I, servers: W, summary: "a request body media type was added (servers must read it)" },
  "request-body-media-type-removed": { clients: B, servers: I, summary: "a request body media type was removed" },
  "response-success-status-added": { clients: W, servers: I, summary: "a 2xx response status was added (clients that handle each status may not handle it)" },
  "response-non-success-status-added": { clients: W, servers: I, summary: "a non-2xx response status was added (clients that handle each status may not handle it)" },
  "response-success-status-removed": { clients: B, servers: B, summary: "a 2xx response status was removed (info when a range or `default` still covers it)" },
  "response-non-success-status-removed": { clients: I, servers: B, summary: "a non-2xx response status was removed (servers that still send it break the contract; info when a range or `default` still covers it)" },
  "response-media-type-added": { clients: I, servers: I, summary: "a response media type was added" },
  "response-media-type-removed": { clients: B, servers: B, summary: "a response media type was removed" },
  "required-response-header-added": { clients: I, servers: B, summary: "a required response header was added (servers must send it)" },
  "response-header-added": { clients: I, servers: I, summary: "an optional response header was added" },
  "required-response-header-removed": { clients: B, servers: I, summary: "a required response header was removed" },
  "optional-response-header-removed": { clients: W, servers: I, summary: "an optional response header was removed" },
  "response-header-became-optional": { clients: B, servers: I, summary: "a required response header became optional" },
  "response-header-became-required": { clients: I, servers: B, summary: "an optional response header became required (servers must send it)" },
  "new-required-request-property": { clients: B, servers: I, summary: "a required property was added to a request schema" },
  "new-optional-request-property": { clients: I, servers: I, summary: "an optional property was added to a request schema" },
  "request-property-removed": { clients: W, servers: I, summary: "a property was removed from a request schema (clients that still send it may be refused)" },
  "request-property-became-required": { clients: B, servers: I, summary: "a request property became required" },
  "request-property-became-optional": { clients: I, servers: B, summary: "a request property became optional (servers must handle its absence)" },
  "response-required-property-added": { clients: I, servers: B, summary: "a required property was added to a response schema (servers must send it)" },
  "response-optional-property-added": { clients: I, servers: I, summary: "an optional property was added to a response schema" },
  "response-required-property-removed": { clients: B, servers: I, summary: "a required property was removed from a response schema" },
  "response-optional-property-removed": { clients: W, servers: I, summary: "an optional property was removed from a response schema" },
  "response-property-became-required": { clients: I, servers: B, summary: "a response property became required (servers must send it)" },
  "response-property-became-optional": { clients: B, servers: I, summary: "a required response property became optional" },
} as const satisfies Record<string, RuleSeverity>;

/** The id of an operation-level rule. */
export type OperationRuleId = keyof typeof operationRules;

/**
 * Schema keyword rules: the id is a place prefix (see {@link schemaPrefixes}) and one of these
 * suffixes, e.g. `request-property-max-length-decreased` or `response-body-enum-value-added`.
 * `request` and `response` give [clients, servers] severities by direction.
 */
export const schemaRules = {
  "type-changed": { request: [B, B], response: [B, B], summary: "the type changed to an unrelated one" },
  "type-generalized": { request: [I, B], response: [B, I], summary: "the type was widened (integer → number, a type added to the list, a type removed)" },
  "type-specialized": { request: [B, I], response: [I, B], summary: "the type was narrowed (number → integer, a type removed from the list, a type given where there was none)" },
  "became-nullable": { request: [I, B], response: [B, I], summary: "null became allowed" },
  "became-not-nullable": { request: [B, I], response: [I, B], summary: "null is no longer allowed" },
  "format-added": { request: [B, I], response: [I, B], summary: "a format was added" },
  "format-removed": { request: [I, W], response: [W, I], summary: "the format was removed" },
  "format-changed": { request: [B, B], response: [B, B], summary: "the format changed" },
  "became-enum": { request: [B, I], response: [I, B], summary: "the values were restricted to an enum" },
  "became-not-enum": { request: [I, W], response: [W, I], summary: "the enum was removed: any value of the type is allowed" },
  "enum-value-removed": { request: [B, I], response: [I, B], summary: "an enum value was removed" },
  "enum-value-added": { request: [I, W], response: [W, I], summary: "an enum value was added" },
  "const-added": { request: [B, I], response: [I, B], summary: "a const was added" },
  "const-removed": { request: [I, W], response: [B, I], summary: "the const was removed" },
  "const-changed": { request: [B, B], response: [B, B], summary: "the const changed" },
  "default-value-added": { request: [W, I], response: [I, I], summary: "a default was added (what an omitted value means changed)" },
  "default-value-removed": { request: [W, I], response: [I, I], summary: "the default was removed" },
  "default-value-changed": { request: [W, I], response: [I, I], summary: "the default changed" },
  "max-decreased": { request: [B, I], response: [I, B], summary: "`maximum` decreased" },
  "max-increased": { request: [I, W], response: [B, I], summary: "`maximum` increased" },
  "max-set": { request: [W, I], response: [I, B], summary: "`maximum` was set where there was none" },
  "max-unset": { request: [I, W], response: [B, I], summary: "`maximum` was removed" },
  "exclusive-max-decreased": { request: [B, I], response: [I, B], summary: "`exclusiveMaximum` decreased" },
  "exclusive-max-increased": { request: [I, W], response: [B, I], summary: "`exclusiveMaximum` increased" },
  "exclusive-max-set": { request: [W, I], response: [I, B], summary: "`exclusiveMaximum` was set" },
  "exclusive-max-unset": { request: [I, W], response: [B, I], summary: "`exclusiveMaximum` was removed" },
  "max-length-decreased": { request: [B, I], response: [I, B], summary: "`maxLength` decreased" },
  "max-length-increased": { request: [I, W], response: [B, I], summary: "`maxLength` increased" },
  "max-length-set": { request: [W, I], response: [I, B], summary: "`maxLength` was set" },
  "max-length-unset": { request: [I, W], response: [B, I], summary: "`maxLength` was removed" },
  "max-items-decreased": { request: [B, I], response: [I, B], summary: "`maxItems` decreased" },
  "max-items-increased": { request: [I, W], response: [B, I], summary: "`maxItems` increased" },
  "max-items-set": { request: [W, I], response: [I, B], summary: "`maxItems` was set" },
  "max-items-unset": { request: [I, W], response: [B, I], summary: "`maxItems` was removed" },
  "min-increased": { request: [B, I], response: [I, B], summary: "`minimum` increased" },
  "min-decreased": { request: [I, W], response: [B, I], summary: "`minimum` decreased" },
  "min-set": { request: [W, I], response: [I, B], summary: "`minimum` was set" },
  "min-unset": { request: [I, W], response: [B, I], summary: "`minimum` was removed" },
  "exclusive-min-increased": { request: [B, I], response: [I, B], summary: "`exclusiveMinimum` increased" },
  "exclusive-min-decreased": { request: [I, W], response: [B, I], summary: "`exclusiveMinimum` decreased" },
  "exclusive-min-set": { request: [W, I], response: [I, B], summary: "`exclusiveMinimum` was set" },
  "exclusive-min-unset": { request: [I, W], response: [B, I], summary: "`exclusiveMinimum` was removed" },
  "min-length-increased": { request: [B, I], response: [I, B], summary: "`minLength` increased" },
  "min-length-decreased": { request: [I, W], response: [B, I], summary: "`minLength` decreased" },
  "min-length-set": { request: [W, I], response: [I, B], summary: "`minLength` was set" },
  "min-length-unset": { request: [I, W], response: [B, I], summary: "`minLength` was removed" },
  "min-items-increased": { request: [B, I], response: [I, B], summary: "`minItems` increased" },
  "min-items-decreased": { request: [I, W], response: [B, I], summary: "`minItems` decreased" },
  "min-items-set": { request: [W, I], response: [I, B], summary: "`minItems` was set" },
  "min-items-unset": { request: [I, W], response: [B, I], summary: "`minItems` was removed" },
  "pattern-added": { request: [B, I], response: [I, B], summary: "a pattern was added" },
  "pattern-removed": { request: [I, W], response: [W, I], summary: "the pattern was removed" },
  "pattern-changed": { request: [W, W], response: [W, W], summary: "the pattern changed (whether it accepts more or less is not decided)" },
  "additional-properties-restricted": { request: [B, I], response: [I, B], summary: "`additionalProperties` became false: undeclared properties are refused" },
  "additional-properties-allowed": { request: [I, W], response: [W, I], summary: "`additionalProperties` is no longer false" },
  "one-of-added": { request: [I, W], response: [B, I], summary: "a `oneOf` alternative was added" },
  "one-of-removed": { request: [B, I], response: [I, B], summary: "a `oneOf` alternative was removed" },
  "any-of-added": { request: [I, W], response: [B, I], summary: "an `anyOf` alternative was added" },
  "any-of-removed": { request: [B, I], response: [I, B], summary: "an `anyOf` alternative was removed" },
} as const satisfies Record<string, { request: readonly [Severity, Severity]; response: readonly [Severity, Severity]; summary: string }>;

/** The suffix of a schema keyword rule id. */
export type SchemaRuleSuffix = keyof typeof schemaRules;

/**
 * Where a schema sits, as the first part of a schema rule id: a parameter's schema, the root of a
 * request or response body, a property at any depth below it (oasdiff's `request-property-…`),
 * or a response header's schema.
 */
export const schemaPrefixes = ["request-parameter", "request-body", "request-property", "response-body", "response-property", "response-header"] as const;

/** One of {@link schemaPrefixes}. */
export type SchemaPrefix = (typeof schemaPrefixes)[number];

/** The severities of a rule id, or undefined for an id that is not a rule. */
export function severitiesOf(id: string): { clients: Severity; servers: Severity } | undefined {
  if (Object.hasOwn(operationRules, id)) return operationRules[id as OperationRuleId];
  for (const prefix of schemaPrefixes) {
    if (!id.startsWith(prefix + "-")) continue;
    const suffix = id.slice(prefix.length + 1);
    if (!Object.hasOwn(schemaRules, suffix)) continue;
    const [clients, servers] = schemaRules[suffix as SchemaRuleSuffix][directionOf(prefix)];
    return { clients, servers };
  }
  return undefined;
}

/** The direction of a schema prefix. */
export function directionOf(prefix: SchemaPrefix): Exclude<Direction, "none"> {
  return prefix.startsWith("request") ? "request" : "response";
}

import type { DiagnosticCode } from "../diagnostics/codes.js";

/**
 * The lint rules `generate` runs, in the spirit of the OWASP API Security Top 10 (2023,
 * https://owasp.org/API-Security/editions/2023/en/0x11-t10/), each with its stable warning code.
 * docs/lint.md describes each one and how to silence it.
 */
export const lintRules = {
  /** API2:2023 Broken Authentication: an API key in the URL ends up in logs, proxies and browser history. */
  "api-key-in-query": { code: "SPW_W_APIKEY_IN_QUERY" },
  /** API4:2023 Unrestricted Resource Consumption: a request-body string with no `maxLength`. */
  "unbounded-string": { code: "SPW_W_LINT_UNBOUNDED_STRING" },
  /** API4:2023 Unrestricted Resource Consumption: a request-body array with no `maxItems`. */
  "unbounded-array": { code: "SPW_W_LINT_UNBOUNDED_ARRAY" },
  /** API3:2023 Broken Object Property Level Authorization (mass assignment): a request-body object that accepts any property. */
  "open-request-body": { code: "SPW_W_LINT_OPEN_REQUEST_BODY" },
  /** API5:2023 / API1:2023: an operation with no security requirement while others require credentials. */
  "operation-without-security": { code: "SPW_W_LINT_OPERATION_WITHOUT_SECURITY" },
  /** API8:2023 Security Misconfiguration: an operation that takes input but declares no 4xx response. */
  "no-4xx-response": { code: "SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE" },
} as const satisfies Record<string, { code: DiagnosticCode }>;

/** The name of a lint rule (`unbounded-string`). */
export type LintRule = keyof typeof lintRules;

/** Whether a rule reports (`warn`, the default) or not (`off`). */
export type LintLevel = "warn" | "off";

/**
 * Lint settings as plain data (a config file's `lint` entry, generate's `lint` option): `"off"`
 * turns every rule off; an object sets rules by name (`{ "unbounded-string": "off" }`), the others
 * keep their default (`warn`). The same shape is read from `x-specwright-lint` in the spec (on the
 * document, a path item, an operation, a schema or a security scheme), which overrides it there.
 */
export type LintSettings = "off" | { [rule in LintRule]?: LintLevel };

/** The effective level of every rule at one place of the document. */
export type LintLevels = Record<LintRule, LintLevel>;

/** The extension that silences (or re-enables) rules at one place of a spec. */
export const lintExtension = "x-specwright-lint";

/** Every rule at `warn`. */
export function defaultLevels(): LintLevels {
  return Object.fromEntries(Object.keys(lintRules).map((rule) => [rule, "warn"])) as LintLevels;
}

/**
 * Checks lint settings and returns them applied over `levels`. Throws TypeError naming the
 * rules and levels there are, for an unknown rule or level (a typo must not silently keep a rule on).
 */
export function applySettings(levels: LintLevels, settings: unknown, where: string): LintLevels {
  if (settings === undefined) return levels;
  if (settings === "off") return Object.fromEntries(Object.keys(levels).map((rule) => [rule, "off"])) as LintLevels;
  if (settings === "warn") return defaultLevels();
  if (!settings || typeof settings !== "object" || Array.isArray(settings)) {
    throw new TypeError(`${where} must be "off" or an object of rule: "warn" | "off"; the rules are ${Object.keys(lintRules).join(", ")}`);
  }
  const applied = { ...levels };
  for (const [rule, level] of Object.entries(settings)) {
    if (!Object.hasOwn(lintRules, rule)) throw new TypeError(`${where}: unknown lint rule ${JSON.stringify(rule)}; the rules are ${Object.keys(lintRules).join(", ")}`);
    if (level !== "warn" && level !== "off") throw new TypeError(`${where}: the level of ${rule} must be "warn" or "off", not ${JSON.stringify(level)}`);
    applied[rule as LintRule] = level;
  }
  return applied;
}

/**
 * `levels` with the `x-specwright-lint` of `node` (at `pointer`), if any, applied. An extension
 * that is not valid is reported through `invalid` (with the extension's pointer) and ignored.
 */
export function levelsAt(levels: LintLevels, node: unknown, pointer: string, invalid: (pointer: string, message: string) => void): LintLevels {
  if (!node || typeof node !== "object" || !Object.hasOwn(node, lintExtension)) return levels;
  try {
    return applySettings(levels, (node as Record<string, unknown>)[lintExtension], lintExtension);
  } catch (error) {
    invalid(`${pointer}/${lintExtension}`, (error as Error).message);
    return levels;
  }
}

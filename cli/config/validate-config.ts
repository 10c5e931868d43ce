/**
 * Checks a config file's value against the declared options (src/config/options.ts): one entry
 * or an array of entries, each an object whose keys are declared options with values of their
 * schema. The JSON Schema of an entry is built from the declarations and checked with ajv (the
 * validator the compiler already uses); each problem becomes an SPW_E_CONFIG diagnostic at its
 * JSON pointer, with a did-you-mean for an unknown key.
 */
import { distance } from "fastest-levenshtein";
import Ajv2020Module from "ajv/dist/2020.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { generateOptionDeclarations, optionNames, type OptionName } from "../../src/config/options.js";
import type { SpecwrightConfigEntry } from "../../src/config/define-config.js";
import { escapePointerSegment } from "../../src/wire/json-pointer.js";

// ajv ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;

/** The JSON Schema of one config entry, from the option declarations. */
export const configEntrySchema = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(optionNames.map((name) => [name, generateOptionDeclarations[name].schema])),
} as const;

let compiled: ReturnType<InstanceType<typeof Ajv2020>["compile"]> | undefined;

/**
 * Returns the entries of a config value, or the problems found (SPW_E_CONFIG, each with a JSON
 * pointer into the config; the caller adds file and position). An empty array, or a value that
 * is neither an object nor an array, is a problem.
 */
export function validateConfig(value: unknown): { entries: SpecwrightConfigEntry[] } | { problems: Diagnostic[] } {
  const problem = (pointer: string, message: string): Diagnostic => ({ code: "SPW_E_CONFIG", severity: "error", pointer, message });
  if (Array.isArray(value) && value.length === 0) return { problems: [problem("#", "the config lists no spec; give an entry such as { spec: \"spec/openapi.yaml\", out: \"generated\" }")] };
  const entries = Array.isArray(value) ? value : [value];
  const problems: Diagnostic[] = [];
  entries.forEach((entry, index) => {
    const at = Array.isArray(value) ? `#/${index}` : "#";
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(problem(at, `${Array.isArray(value) ? `entry ${index}` : "the config"} must be an object of options (spec, out, strict, …), not ${describe(entry)}`));
      return;
    }
    compiled ??= new Ajv2020({ allErrors: true, strict: false }).compile(configEntrySchema);
    if (compiled(entry)) return;
    for (const error of compiled.errors ?? []) {
      const pointer = at + error.instancePath;
      if (error.keyword === "additionalProperties") {
        const key = String(error.params["additionalProperty"]);
        problems.push(problem(`${pointer}/${escapePointerSegment(key)}`, `unknown key ${JSON.stringify(key)}${suggestion(key)}`));
        continue;
      }
      const name = error.instancePath.split("/")[1] as OptionName | undefined;
      const schema = name && generateOptionDeclarations[name] ? generateOptionDeclarations[name].schema : undefined;
      problems.push(problem(pointer, `${JSON.stringify(name ?? "")} ${expected(schema, error.keyword)}, not ${describe(valueAt(entry, error.instancePath))}`));
    }
  });
  return problems.length > 0 ? { problems } : { entries: entries as SpecwrightConfigEntry[] };
}

/** `; did you mean "strict"?` for a key close to a declared one (or one of its aliases), else the list of keys. */
function suggestion(key: string): string {
  const lower = key.toLowerCase();
  for (const name of optionNames) {
    if ((generateOptionDeclarations[name].aliases ?? []).some((alias) => alias.toLowerCase() === lower)) return `; did you mean ${JSON.stringify(name)}?`;
  }
  let best: { name: string; cost: number } | undefined;
  for (const name of optionNames) {
    const cost = distance(lower, name.toLowerCase());
    if (!best || cost < best.cost) best = { name, cost };
  }
  if (best && best.cost <= Math.max(1, Math.floor(key.length / 3))) return `; did you mean ${JSON.stringify(best.name)}?`;
  return `; the keys are ${optionNames.join(", ")}`;
}

/** What a value of `schema` must be, for a message. */
function expected(schema: (typeof generateOptionDeclarations)[OptionName]["schema"] | undefined, keyword: string): string {
  if (!schema) return `is not valid (${keyword})`;
  if (!("type" in schema)) return `is not valid: see docs/cli.md (${keyword})`;
  if (schema.type === "string" && schema.enum) return `must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(", ")}`;
  if (schema.type === "array") return "must be an array of strings";
  return `must be ${schema.type === "object" ? "an object" : `a ${schema.type}`}`;
}

function valueAt(entry: object, instancePath: string): unknown {
  let value: unknown = entry;
  for (const segment of instancePath.split("/").slice(1)) value = (value as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  return value;
}

/** A value as a message shows it: `the string "yes"`, `the number 3`, `null`, `an array`. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

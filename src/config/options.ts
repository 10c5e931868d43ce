/**
 * The options of `generate()` that a config file and the command line may set, declared once.
 * The command's flags, the config file's validation (a JSON Schema built from these entries),
 * the defaults and the input fingerprint all read this table, so an option added to
 * GenerateOptions is added here (the type below fails to compile until it is) and nowhere else.
 */
import type { GenerateOptions } from "../generate.js";
import { lintRules } from "../lint/lint-settings.js";

/** The JSON Schema (draft 2020-12 subset) of one option's value in a config file. */
export type OptionSchema =
  | { type: "boolean" }
  | { type: "string"; enum?: readonly string[] }
  | { type: "array"; items: { type: "string" } }
  | { type: "object"; [keyword: string]: unknown }
  | { anyOf: readonly Record<string, unknown>[] };

/** One option: its value's schema, its default, its flag and its help text. */
export interface OptionDeclaration {
  schema: OptionSchema;
  /** The value when neither the config nor a flag sets it (recorded in the input fingerprint). */
  default: unknown;
  /**
   * The command-line flag in commander's syntax (`--strict`, `--date-time <type>`,
   * `--allow-remote-refs <prefixes...>`); undefined for options only a config file sets. Boolean
   * flags also get a hidden `--no-…` form, which overrides a config's `true`.
   */
  flag?: string;
  /** One line for `--help` and docs/cli.md. */
  description: string;
  /** Names people try for this key (`input` for `spec`), offered when an unknown key is one of them. */
  aliases?: readonly string[];
}

/** GenerateOptions' members that describe one run, not the project: never in a config file. */
export type RunOption = "check" | "force" | "typesWorker" | "onProgress";

/** The options a config file entry may set: every option of `generate()` but the per-run ones. */
export type ConfigurableOptions = Omit<GenerateOptions, RunOption>;

/**
 * Every configurable option of `generate()`, in the order `--help` lists them. `spec` and `out`
 * are the command's argument and `-o`; the others map to flags of the same name in kebab case.
 */
export const generateOptionDeclarations: { readonly [Name in keyof Required<ConfigurableOptions>]: OptionDeclaration } = {
  spec: {
    schema: { type: "string" },
    default: "spec/openapi.yaml",
    description: "the OpenAPI 3.0/3.1 document (YAML or JSON; Swagger 2.0 is converted)",
    aliases: ["input", "document", "openapi"],
  },
  out: {
    schema: { type: "string" },
    default: "generated",
    flag: "-o, --out <dir>",
    description: "output folder",
    aliases: ["output", "outDir", "outputFolder", "outputDir"],
  },
  strict: {
    schema: { type: "boolean" },
    default: false,
    flag: "--strict",
    description: "treat an unknown format as an error (SPW_E_UNKNOWN_FORMAT), not a warning",
  },
  lenient: {
    schema: { type: "boolean" },
    default: false,
    flag: "--lenient",
    description: "accept schema mistakes that change behaviour (unknown type, unsatisfiable required or bounds) as warnings",
  },
  dateTime: {
    schema: { type: "string", enum: ["string", "date"] },
    default: "string",
    flag: "--date-time <type>",
    description: "how format: date-time is typed: string, or date (converted both ways)",
  },
  int64: {
    schema: { type: "string", enum: ["number", "bigint"] },
    default: "number",
    flag: "--int64 <type>",
    description: "how format: int64 parameters are typed: number (beyond 2^53 refused), or bigint (exact)",
  },
  packages: {
    schema: { type: "string", enum: ["single", "split"] },
    default: "single",
    flag: "--packages <layout>",
    description: "which packages generated code imports: single (specwright/runtime, specwright/client) or split (@specwright/runtime, @specwright/client; docs/packages.md)",
  },
  allowExternalFiles: {
    schema: { type: "boolean" },
    default: false,
    flag: "--allow-external-files",
    description: "allow $refs to files outside the spec's folder",
  },
  allowRemoteReferences: {
    schema: { type: "array", items: { type: "string" } },
    default: [],
    flag: "--allow-remote-refs <prefixes...>",
    description: "fetch http(s) $refs under these URL prefixes (refused otherwise)",
    aliases: ["allowRemoteRefs"],
  },
  lint: {
    schema: {
      anyOf: [
        { const: "off" },
        { type: "object", propertyNames: { enum: Object.keys(lintRules) }, additionalProperties: { enum: ["warn", "off"] } },
      ],
    },
    default: {},
    flag: "--lint <rule=level...>",
    description: `lint rules set to warn or off (docs/lint.md), "off" for none: ${Object.keys(lintRules).join(", ")}`,
  },
  emit: {
    schema: { type: "string", enum: ["all", "server", "client"] },
    default: "all",
    flag: "--emit <files>",
    description: "which files to write: all, server (no client.ts) or client (types.ts, operations.ts, enums.ts, client.ts: what a frontend needs; docs/packages.md)",
    aliases: ["only", "target", "side"],
  },
  msw: {
    schema: { type: "boolean" },
    default: false,
    flag: "--msw",
    description: "also write msw.ts: typed MSW request handlers answering from examples or the schemas (docs/msw.md)",
  },
  tanstackQuery: {
    schema: { type: "boolean" },
    default: false,
    flag: "--tanstack-query",
    description: "also write tanstack-query.ts: typed query keys, query and mutation options for TanStack Query v5 (docs/tanstack-query.md)",
    aliases: ["tanstack", "reactQuery", "queryOptions"],
  },
};

/** The name of a configurable option. */
export type OptionName = keyof typeof generateOptionDeclarations;

/** The declared options' names, in declaration order. */
export const optionNames = Object.keys(generateOptionDeclarations) as OptionName[];

/**
 * The options that decide the output and its diagnostics, each set or defaulted, keys in
 * declaration order: what the input fingerprint records. `spec` and `out` are left out (the
 * fingerprint records the spec's files by path relative to the output folder instead).
 */
export function effectiveOptions(options: Partial<ConfigurableOptions>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of optionNames) {
    if (name === "spec" || name === "out") continue;
    result[name] = options[name] ?? generateOptionDeclarations[name].default;
  }
  return result;
}

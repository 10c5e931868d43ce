/**
 * Finds and loads `specwright.config.*`. JSON and YAML configs are parsed with the `yaml` package
 * (JSON is YAML 1.2), keeping a source map, so a problem points at its line and column with a
 * code frame. TypeScript configs are loaded with jiti (a runtime TypeScript loader without native
 * dependencies, the one ESLint uses for `eslint.config.ts`; Node 20 cannot strip types itself),
 * JavaScript ones with `import()`. The value (the default export) is checked against the declared
 * options (validate-config.ts).
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { LineCounter, parseDocument } from "yaml";
import type { SpecwrightConfigEntry } from "../../src/config/define-config.js";
import { generateOptionDeclarations } from "../../src/config/options.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SpecError } from "../../src/diagnostics/diagnostic.js";
import { SourceMap, type SourceLocator } from "../../src/load/source-map.js";
import { validateConfig } from "./validate-config.js";

/** The config file names looked for in the working folder, in this order. */
export const configFileNames = [
  "specwright.config.ts", "specwright.config.mts", "specwright.config.js", "specwright.config.mjs",
  "specwright.config.json", "specwright.config.yaml", "specwright.config.yml",
];

/** A loaded config: its file (as found or given) and its entries, each with `spec` and `out` (set or defaulted) read from the file's folder. */
export interface LoadedConfig {
  file: string;
  entries: SpecwrightConfigEntry[];
}

/**
 * The config file in `folder`, or undefined when there is none. Throws SpecError (SPW_E_CONFIG)
 * when there are several, naming them.
 */
export function findConfigFile(folder: string): string | undefined {
  const found = configFileNames.filter((name) => existsSync(path.join(folder, name)));
  if (found.length > 1) {
    throw new SpecError([{ code: "SPW_E_CONFIG", severity: "error", message: `several config files: ${found.join(", ")}; keep one, or choose with --config <file>` }]);
  }
  return found[0];
}

/**
 * Loads and checks a config file. Throws SpecError (SPW_E_CONFIG) when it cannot be read,
 * parsed or run, or when its value is not valid (each problem with the file, its JSON pointer
 * and, for JSON and YAML, its line and column).
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const fail = (message: string, position: Partial<Diagnostic> = {}): never => {
    throw new SpecError([{ code: "SPW_E_CONFIG", severity: "error", file, ...position, message }]);
  };
  const extension = path.extname(file).toLowerCase();
  let value: unknown;
  let locator: SourceLocator | undefined;
  if (extension === ".json" || extension === ".yaml" || extension === ".yml") {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      return fail(`cannot read the config file: ${(error as Error).message}`);
    }
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    if (document.errors.length > 0) {
      const error = document.errors[0]!;
      const position = lineCounter.linePos(error.pos[0]);
      return fail(error.message.split("\n")[0]!, { line: position.line, column: position.col });
    }
    value = document.toJS({ maxAliasCount: 100 });
    locator = new SourceMap(() => ({ document, lineCounter }));
  } else if ([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"].includes(extension)) {
    if (!existsSync(file)) return fail("the config file does not exist");
    try {
      value = await importConfig(path.resolve(file), extension);
    } catch (error) {
      return fail(`cannot load the config file: ${(error as Error).message.split("\n")[0]}`);
    }
  } else {
    return fail(`a config file is .ts, .mts, .js, .mjs, .json, .yaml or .yml, not ${extension || "a file without an extension"}`);
  }
  const checked = validateConfig(value);
  if ("problems" in checked) {
    throw new SpecError(checked.problems.map((problem) => ({ ...problem, file, ...(locator && problem.pointer ? locator.locate(problem.pointer) : {}) })));
  }
  const folder = path.dirname(path.resolve(file));
  const fromHere = (relative: string): string => {
    const resolved = path.resolve(folder, relative);
    const shown = path.relative(process.cwd(), resolved);
    return shown === "" ? "." : shown.startsWith("..") || path.isAbsolute(shown) ? resolved : shown;
  };
  return {
    file,
    entries: checked.entries.map((entry) => ({
      ...entry,
      // Defaults too are read from the config file's folder, as every path in it is.
      spec: fromHere(entry.spec ?? (generateOptionDeclarations.spec.default as string)),
      out: fromHere(entry.out ?? (generateOptionDeclarations.out.default as string)),
    })),
  };
}

/** The default export of a TypeScript or JavaScript config (the module itself when it has none). */
async function importConfig(file: string, extension: string): Promise<unknown> {
  if (extension === ".ts" || extension === ".mts" || extension === ".cts") {
    const { createJiti } = await import("jiti");
    // No module cache: `--watch` or a test may load an edited config again in one process.
    const jiti = createJiti(pathToFileURL(file).href, { moduleCache: false, fsCache: false });
    return await jiti.import(file, { default: true });
  }
  const loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return "default" in loaded ? loaded.default : loaded;
}

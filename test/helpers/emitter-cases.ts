import { expect } from "vitest";
import { createDefaultCheck } from "../../src/emit/validators.js";
import { loadDocument } from "../../src/load/load-document.js";
import { buildModel, type BuildModelOptions } from "../../src/model/build-model.js";
import type { ApiModel } from "../../src/model/ir.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { temporaryFolder, writeSpec } from "./temp.js";

/**
 * The ApiModel of an inline spec, as generate() builds it (load, bundle, validate, build), for
 * tests that call one emitter directly. `spec` is a document object (written as JSON) or YAML
 * text; the model's `source` is `../openapi.yaml`. Throws SpecError as generate() does.
 */
export async function modelOf(
  spec: object | string,
  options: Omit<BuildModelOptions, "source" | "defaultFits"> = {},
): Promise<{ model: ApiModel; warnings: Diagnostic[] }> {
  const work = await temporaryFolder("specwright-model-");
  try {
    const file = typeof spec === "string" ? await writeSpec(work.path, spec) : await writeSpec(work.path, JSON.stringify(spec), "openapi.json");
    const loaded = await loadDocument(file);
    const built = buildModel(loaded, { source: "../openapi.yaml", defaultFits: createDefaultCheck(), ...options });
    return { model: built.model, warnings: [...loaded.warnings, ...built.warnings] };
  } finally {
    await work.remove();
  }
}

/**
 * The model with Parameter.defaultApplies set for exactly the parameters at `pointers`, so an
 * emitter case states which defaults apply instead of depending on the model's rule for them.
 */
export function withAppliedDefaults(model: ApiModel, pointers: readonly string[] = []): ApiModel {
  for (const operation of model.operations) for (const parameter of operation.parameters) parameter.defaultApplies = pointers.includes(parameter.pointer);
  return model;
}

/** The pointers of the parameters whose defaults apply (Parameter.defaultApplies), in model order. */
export function appliedDefaultPointers(model: ApiModel): string[] {
  return model.operations.flatMap((operation) => operation.parameters.filter((parameter) => parameter.defaultApplies).map((parameter) => parameter.pointer));
}

/** A response map with one bodiless 204, for operations whose responses a case does not look at. */
export const noContent = { "204": { description: "done" } };

/** A `content` map with one application/json media type of `schema`. */
export const json = (schema: unknown) => ({ "application/json": { schema } });

/** An OpenAPI 3.1 document titled "Test" with these paths and components. */
export function specWith(paths: Record<string, unknown>, components: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): object {
  return { openapi: "3.1.0", info: { title: "Test", version: "1.0.0" }, ...extra, paths, components };
}

/**
 * The text of one top-level declaration of generated TypeScript: from the line that starts with
 * `start` (`function readListBooksParameters(`, `const bookIdPathParameter:`) through the line
 * that closes it at the margin (`}` or `};`), the line before the next blank line, or the first
 * line alone when it ends with `;`. Throws when no line starts with `start`, so a renamed
 * declaration fails the test by name.
 */
export function declaration(text: string, start: string): string {
  const lines = text.split("\n");
  const first = lines.findIndex((line) => line.startsWith(start));
  if (first === -1) throw new Error(`no declaration starts with ${JSON.stringify(start)} in:\n${text}`);
  if (/;\s*$/.test(lines[first]!)) return lines[first]!;
  let last = first + 1;
  while (last < lines.length - 1 && !/^}/.test(lines[last]!) && lines[last + 1] !== "") last++;
  return lines.slice(first, last + 1).join("\n");
}

/** What a test expects of one generated file (every field optional). */
export interface WantedOutput {
  /** Whole top-level declarations, each compared exactly with the generated one of the same keyword and name. */
  declarations?: string[];
  /** Text that must appear somewhere. */
  contains?: string[];
  /** Text that must not appear anywhere. */
  excludes?: string[];
  /** Text that must appear exactly this many times. */
  counts?: Record<string, number>;
}

/** Checks a generated file against {@link WantedOutput}; each failure names the part that differs. */
export function expectOutput(text: string, want: WantedOutput): void {
  for (const wanted of want.declarations ?? []) {
    // Found by its keyword and name, so a declaration that differs shows as a diff.
    const start = /^(?:export )?(?:function|const|let|type|interface|class) [\w$]+/.exec(wanted)?.[0] ?? wanted.split("\n")[0]!;
    expect(declaration(text, start)).toBe(wanted);
  }
  for (const wanted of want.contains ?? []) expect(text, `contains ${JSON.stringify(wanted)}`).toContain(wanted);
  for (const unwanted of want.excludes ?? []) expect(text, `does not contain ${JSON.stringify(unwanted)}`).not.toContain(unwanted);
  for (const [wanted, count] of Object.entries(want.counts ?? {})) expect(text.split(wanted).length - 1, `occurrences of ${JSON.stringify(wanted)}`).toBe(count);
}

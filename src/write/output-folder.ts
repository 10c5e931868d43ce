/**
 * The output folder belongs to the user: specwright writes and removes only the files it wrote
 * there, recorded in a manifest (`.specwright-manifest.json`), and refuses folders where writing
 * could lose anything else: the project itself (`-o .`), a folder holding the spec, and a
 * non-empty folder it did not write. Files it did not write (compiled `.js` beside the generated
 * `.ts`, a README) survive every regeneration.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { SpecError } from "../diagnostics/diagnostic.js";
import type { GeneratedFile } from "../emit/generated-file.js";
import { isInputFingerprint, type InputFingerprint } from "./input-fingerprint.js";

/** The manifest's file name inside the output folder. */
export const manifestName = ".specwright-manifest.json";

/**
 * What the manifest records: the paths specwright wrote, relative to the folder, sorted; and the
 * input fingerprint of the run that wrote them (absent when that run fetched a remote `$ref`).
 */
export interface OutputManifest {
  generator: "specwright";
  files: string[];
  input?: InputFingerprint;
}

/** The manifest for a set of generated files, as a generated file itself (deterministic text). */
export function manifestFile(files: readonly GeneratedFile[], input?: InputFingerprint): GeneratedFile {
  const manifest: OutputManifest = { generator: "specwright", files: files.map((file) => file.path).sort(), ...(input ? { input } : {}) };
  return { path: manifestName, text: `${JSON.stringify(manifest, null, 2)}\n` };
}

/**
 * The manifest of `folder`, or undefined when there is none or it is not one (unreadable, not
 * JSON, another generator's). File paths that would leave the folder are dropped; an `input`
 * that is not a fingerprint is dropped.
 */
export async function readManifest(folder: string): Promise<OutputManifest | undefined> {
  let manifest: Partial<OutputManifest>;
  try {
    manifest = JSON.parse(await readFile(path.join(folder, manifestName), "utf8")) as Partial<OutputManifest>;
  } catch {
    return undefined;
  }
  if (!manifest || manifest.generator !== "specwright" || !Array.isArray(manifest.files)) return undefined;
  const files = manifest.files.filter((file): file is string => typeof file === "string" && isInside(file));
  return { generator: "specwright", files, ...(isInputFingerprint(manifest.input) ? { input: manifest.input } : {}) };
}

/** Whether two manifest texts list the same files (their input fingerprints may differ). */
export function sameFileList(a: string, b: string): boolean {
  try {
    return JSON.stringify((JSON.parse(a) as OutputManifest).files) === JSON.stringify((JSON.parse(b) as OutputManifest).files);
  } catch {
    return false;
  }
}

/**
 * The files specwright wrote into `folder` before: the manifest's list; for a folder written by
 * a version without manifests, the known output names present there. Undefined when the folder
 * does not exist or is empty.
 */
export async function previousOutput(folder: string): Promise<string[] | undefined> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return undefined;
  }
  if (entries.length === 0) return undefined;
  const manifest = await readManifest(folder);
  if (manifest) return manifest.files;
  // No manifest (or an unreadable one): a folder from before manifests.
  return legacyOutput.filter((name) => entries.includes(name));
}

/** What specwright wrote before it kept a manifest: these names, each with its header. */
const legacyOutput = ["client.ts", "enums.ts", "formats.cjs", "handlers.ts", "index.ts", "openapi.json", "routes.ts", "types.ts", "validators.cjs", "validators.d.cts"];

/** Whether a manifest path stays inside the folder (no `..`, not absolute). */
function isInside(relative: string): boolean {
  return relative !== "" && !path.isAbsolute(relative) && !relative.split(/[\\/]/).includes("..");
}

/**
 * Refuses an output folder where writing could lose the user's files. Throws SpecError
 * (SPW_E_OUTPUT_FOLDER) when `out` is the current folder, the folder of the spec or one above
 * it, or a non-empty folder without a manifest whose files are not all specwright's own (the
 * message names what is there); or when a file to generate would replace one specwright did not
 * write.
 */
export async function checkOutputFolder(out: string, spec: string, files: readonly GeneratedFile[], previous: readonly string[] | undefined): Promise<void> {
  const target = path.resolve(out);
  const refuse = (message: string) => {
    throw new SpecError([{ code: "SPW_E_OUTPUT_FOLDER", severity: "error", message }]);
  };
  if (target === process.cwd()) refuse(`the output folder ${JSON.stringify(out)} is the current folder; generate into a folder of its own (-o generated)`);
  const fromOut = path.relative(target, path.resolve(spec));
  if (!fromOut.startsWith("..") && !path.isAbsolute(fromOut)) refuse(`the output folder ${JSON.stringify(out)} holds the spec ${JSON.stringify(spec)}; generate into a folder of its own`);
  let entries: string[];
  try {
    if (!(await stat(target)).isDirectory()) refuse(`the output ${JSON.stringify(out)} is a file, not a folder`);
    entries = await readdir(target);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    return;
  }
  const ours = new Set(previous ?? []);
  ours.add(manifestName);
  const hasManifest = entries.includes(manifestName);
  if (!hasManifest) {
    // A folder from before manifests: every entry must be an output file or a compiled sibling.
    const foreign = entries.filter((entry) => !ours.has(entry) && !isCompiledSibling(entry));
    if (foreign.length > 0) {
      const shown = foreign.sort().slice(0, 5).join(", ");
      refuse(`the output folder ${JSON.stringify(out)} is not empty and specwright did not write it (it holds ${shown}${foreign.length > 5 ? `, and ${foreign.length - 5} more` : ""}); choose an empty or new folder`);
    }
  }
  for (const file of files) {
    if (ours.has(file.path)) continue;
    try {
      await stat(path.join(target, file.path));
    } catch {
      continue;
    }
    refuse(`${path.join(out, file.path)} exists and specwright did not write it; move it away or generate into another folder`);
  }
}

/** A compiled sibling of a generated file (`routes.js`, `routes.d.ts`, `routes.js.map`), which tsc writes in place. */
function isCompiledSibling(entry: string): boolean {
  const stem = entry.replace(/\.(?:js|d\.ts|js\.map|d\.ts\.map)$/, "");
  return stem !== entry && legacyOutput.some((name) => name.replace(/\.ts$/, "") === stem);
}

/**
 * The input fingerprint: what a successful run read (the spec and every file its `$ref`s reached,
 * by SHA-256), the options it ran with, the specwright version, and a digest of what it wrote.
 * It is kept in the output folder's manifest; when all of it is the same at the next run, the
 * output folder is already what a compile would write, and `generate()` returns without compiling.
 * A run that fetched a remote `$ref` records none: a URL's content can change with no file changing.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "../emit/generated-file.js";

/** What the manifest records about a run's input (JSON data; paths relative to the output folder). */
export interface InputFingerprint {
  /** The specwright version that wrote the folder. */
  specwright: string;
  /** Every option of the run, set or defaulted (config/options.ts effectiveOptions). */
  options: Record<string, unknown>;
  /** SHA-256 (hex) of each file read, by `/`-separated path relative to the output folder; the spec first. */
  sources: Record<string, string>;
  /** SHA-256 (hex) over the generated files but the manifest: each path, NUL, text, NUL, in path order. */
  output: string;
  /** How many warnings the run reported (a run that returns at once says so instead of reprinting them). */
  warnings: number;
}

/**
 * SHA-256 (hex) over generated files, as {@link InputFingerprint.output} defines it. `text` is the
 * file's text, or its bytes as read back (UTF-8, as written): both give the same digest.
 */
export function outputDigest(files: readonly { path: string; text: string | Buffer }[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path).update("\0").update(file.text).update("\0");
  }
  return hash.digest("hex");
}

/**
 * The fingerprint of a run: `sources` are the files the loader read (absolute paths, SHA-256),
 * recorded relative to `out`; `files` the generated files without the manifest.
 */
export function fingerprintOf(input: {
  version: string;
  options: Record<string, unknown>;
  sources: readonly { path: string; sha256: string }[];
  out: string;
  files: readonly GeneratedFile[];
  warnings: number;
}): InputFingerprint {
  const folder = path.resolve(input.out);
  const sources: Record<string, string> = {};
  for (const source of input.sources) sources[relativeTo(folder, source.path)] = source.sha256;
  return { specwright: input.version, options: input.options, sources, output: outputDigest(input.files), warnings: input.warnings };
}

/**
 * Whether `recorded` still holds: the same version and options, the spec (`spec`, as given) is
 * its first source, every source file has the recorded SHA-256, and the files listed in
 * `outputFiles` (relative to `out`) still have the recorded digest. Any unreadable file means no.
 */
export async function fingerprintHolds(recorded: InputFingerprint, current: { version: string; options: Record<string, unknown>; spec: string; out: string; outputFiles: readonly string[] }): Promise<boolean> {
  if (recorded.specwright !== current.version) return false;
  if (JSON.stringify(recorded.options) !== JSON.stringify(current.options)) return false;
  const folder = path.resolve(current.out);
  const sources = Object.entries(recorded.sources);
  if (sources.length === 0 || sources[0]![0] !== relativeTo(folder, path.resolve(current.spec))) return false;
  try {
    for (const [relative, sha256] of sources) {
      const bytes = await readFile(path.resolve(folder, relative));
      if (createHash("sha256").update(bytes).digest("hex") !== sha256) return false;
    }
    // Bytes, not text: decoding tens of megabytes (GitHub's output) would cost more than hashing them.
    const files = await Promise.all(current.outputFiles.map(async (relative) => ({ path: relative, text: await readFile(path.join(folder, relative)) })));
    return outputDigest(files) === recorded.output;
  } catch {
    return false;
  }
}

/** Whether a parsed manifest member is an {@link InputFingerprint}. */
export function isInputFingerprint(value: unknown): value is InputFingerprint {
  if (!value || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return typeof record["specwright"] === "string" && typeof record["output"] === "string" && typeof record["warnings"] === "number"
    && !!record["options"] && typeof record["options"] === "object" && !!record["sources"] && typeof record["sources"] === "object";
}

/** `target` relative to `folder`, `/`-separated (no absolute paths in the manifest). */
function relativeTo(folder: string, target: string): string {
  return path.relative(folder, target).split(path.sep).join("/");
}

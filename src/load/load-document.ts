import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SpecError } from "../diagnostics/diagnostic.js";
import { escapePointerSegment, parsePointer } from "../wire/json-pointer.js";
import { parseStrictJson } from "./json-text.js";
import { hasExternalReferences, isAlreadyBundled } from "./references.js";
import { BundledSourceMap } from "./bundled-source-map.js";
import { hoistExternalReferences, MissingReferenceTarget } from "./external-references.js";
import { JsonSourceMap } from "./json-source-map.js";
import { validateAgainstOpenApiSchema, type SchemaProblem } from "./validate-document.js";
import { findSchemaMistakes } from "./schema-mistakes.js";
import { SourceMap, type SourceLocator } from "./source-map.js";

/**
 * A loaded OpenAPI document: bundled (every external `$ref` made internal, the objects of other
 * files copied into `components` under names from their file and key), validated, plain data.
 */
export interface LoadedDocument {
  /** The bundled document; internal `$ref`s are kept (`#/components/schemas/Book`). */
  document: OpenApiDocument;
  /** `"3.0"` or `"3.1"`, from the `openapi` field. */
  dialect: "3.0" | "3.1";
  /** The spec path as given (used in messages). */
  file: string;
  /** The raw bytes of the root file, for hashing into the generated header. */
  text: string;
  /**
   * Positions of the document's JSON pointers: in the root file, or, for an object copied from
   * another file, in that file (the position then carries the file's name).
   */
  sourceMap: SourceLocator;
  /** Problems that do not stop generation (unknown fields), with positions. */
  warnings: Diagnostic[];
  /**
   * The local files read, each with the SHA-256 (hex) of the bytes read: the spec first, then
   * each file its `$ref`s reached, by absolute path, in the order read. A change to any of them
   * can change the output (the input fingerprint, write/input-fingerprint.ts).
   */
  files: { path: string; sha256: string }[];
  /** Whether a remote (`http(s)`) `$ref` was fetched: then the input can change without any file changing. */
  fetchedRemote: boolean;
}

/** The parts of an OpenAPI 3.x document the compiler reads; everything else is kept as is. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

/** Options of {@link loadDocument}. */
export interface LoadOptions {
  /** Allow `$ref`s to files outside the spec's folder (refused by default, so a spec cannot read `../../secret.yaml`: CWE-22). */
  allowExternalFiles?: boolean;
  /**
   * URL prefixes (`https://schemas.example.com/v1/`) whose `http(s)` `$ref`s are fetched; every
   * other remote `$ref` is refused (the default; swagger-parser's resolver would fetch any URL, so
   * a spec could make the compiler send requests: server-side request forgery, CWE-918). A prefix
   * matches the same origin and a path that starts with the prefix's path at a `/` boundary.
   * Redirects are not followed.
   */
  allowRemoteReferences?: string[];
  /**
   * Accept schema mistakes that change what the server accepts (an unknown `type`, a `required`
   * property that `additionalProperties: false` forbids, bounds no value satisfies) as warnings
   * instead of errors (schema-mistakes.ts). Default false.
   */
  lenient?: boolean;
}

/** Callbacks of {@link loadDocument}, for progress reports. */
export interface LoadHooks {
  /** Called when the OpenAPI schema validation starts, after the document is read and bundled. */
  onValidate?: () => void;
}

/** Whether `url` falls under one of the allowed prefixes (same origin, path at a `/` boundary). */
function isAllowedRemote(url: string, prefixes: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return prefixes.some((prefix) => {
    let allowed: URL;
    try {
      allowed = new URL(prefix);
    } catch {
      return false;
    }
    if (allowed.origin !== target.origin) return false;
    const base = allowed.pathname;
    return target.pathname === base || target.pathname.startsWith(base.endsWith("/") ? base : base + "/");
  });
}

const maxReportedProblems = 100;

/**
 * Reads a spec file (YAML or JSON; JSON without duplicate keys is read with JSON.parse, and
 * positions are then found in the JSON text only when a diagnostic needs them), checks its version (Swagger 2.0 is converted to OpenAPI 3.0),
 * bundles relative-file `$ref`s with @apidevtools/swagger-parser (skipped when already bundled) and
 * validates it against the OpenAPI 3.0/3.1 JSON Schema (validate-document.ts).
 *
 * Remote (http) `$ref`s are refused unless they fall under `allowRemoteReferences`, and files
 * outside the spec's folder unless `allowExternalFiles` is set. Throws {@link SpecError} with every problem found (file, line,
 * column, JSON pointer): SPW_E_READ, SPW_E_SYNTAX, SPW_E_VERSION, SPW_E_REF, SPW_E_INVALID_SPEC.
 */
export async function loadDocument(file: string, options: LoadOptions = {}, hooks: LoadHooks = {}): Promise<LoadedDocument> {
  let text: string;
  let rootSha256: string;
  try {
    const bytes = await readFile(file);
    rootSha256 = sha256(bytes);
    text = bytes.toString("utf8");
  } catch (error) {
    throw new SpecError([
      { code: "SPW_E_READ", severity: "error", file, message: `cannot read the spec: ${(error as Error).message}` },
    ]);
  }
  let raw: unknown;
  let sourceMap: SourceLocator;
  const json = parseStrictJson(text);
  if (json) {
    raw = json.value;
    // Positions from the JSON text itself: parsing 13 MB of JSON as YAML for them took 1.5 s.
    sourceMap = new JsonSourceMap(text);
  } else {
    const lineCounter = new LineCounter();
    // yaml is strict where js-yaml is lenient: duplicate keys are errors (YAML 1.2 §3.2.1.1), never
    // a silent last-wins, and the alias count is capped (`maxAliasCount` below), which stops
    // billion-laughs documents (CWE-776).
    const parsed = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    if (parsed.errors.length > 0) {
      throw new SpecError(
        parsed.errors.slice(0, maxReportedProblems).map((error) => {
          const position = lineCounter.linePos(error.pos[0]);
          return {
            code: "SPW_E_SYNTAX",
            severity: "error",
            file,
            line: position.line,
            column: position.col,
            message: error.message.split("\n")[0]!,
          } satisfies Diagnostic;
        }),
      );
    }
    sourceMap = new SourceMap(() => ({ document: parsed, lineCounter }));
    try {
      raw = parsed.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new SpecError([{ code: "SPW_E_SYNTAX", severity: "error", file, message: (error as Error).message }]);
    }
  }
  const at = (pointer: string): Pick<Diagnostic, "file" | "line" | "column" | "pointer"> => ({
    file,
    pointer,
    ...sourceMap.locate(pointer),
  });
  const warnings: Diagnostic[] = [];
  if (raw && typeof raw === "object" && (raw as Record<string, unknown>)["swagger"] === "2.0") {
    // Swagger 2.0 is converted to OpenAPI 3.0 by swagger2openapi (the converter the OpenAPI tooling
    // ecosystem uses); positions in later messages refer to the converted document's structure.
    try {
      // Imported here: only Swagger 2.0 documents need it, and every run would pay for its import.
      const { default: swagger2openapi } = await import("swagger2openapi");
      const converted = await swagger2openapi.convertObj(raw as never, { patch: true, warnOnly: true, resolve: false } as never);
      raw = converted.openapi;
    } catch (error) {
      throw new SpecError([{ code: "SPW_E_INVALID_SPEC", severity: "error", ...at("#/swagger"), message: `cannot convert Swagger 2.0: ${(error as Error).message}` }]);
    }
    warnings.push({ code: "SPW_W_SWAGGER_CONVERTED", severity: "warning", ...at("#/swagger"), message: "Swagger 2.0 document converted to OpenAPI 3.0 with swagger2openapi" });
  }
  const dialect = readDialect(raw);
  if (!dialect) {
    const version = (raw as Record<string, unknown> | null)?.["openapi"] ?? (raw as Record<string, unknown> | null)?.["swagger"];
    throw new SpecError([
      {
        code: "SPW_E_VERSION",
        severity: "error",
        ...at(raw && typeof raw === "object" && "swagger" in raw ? "#/swagger" : "#/openapi"),
        message:
          version === undefined
            ? "the document has no `openapi` field; specwright reads OpenAPI 3.0.x and 3.1.x"
            : `OpenAPI version ${JSON.stringify(version)} is not supported; specwright reads OpenAPI 3.0.x and 3.1.x (and converts Swagger 2.0)`,
      },
    ]);
  }

  const root = path.dirname(path.resolve(file));
  const files = [{ path: path.resolve(file), sha256: rootSha256 }];
  let fetchedRemote = false;
  /** The bytes of every other file read, by path (a URL for a remote one), for positions in messages. */
  const texts = new Map<string, Buffer>();
  // ref-parser wraps resolver errors in its own message; keep ours to report the real reason.
  let refusal: string | undefined;
  /** The URL of the refused target, to point at the `$ref` that names it. */
  let refusedUrl: string | undefined;
  const parserOptions = {
    resolve: {
      http: {
        order: 200,
        canRead: (info: { url: string }) => /^https?:\/\//i.test(info.url),
        read: async (info: { url: string }) => {
          if (!isAllowedRemote(info.url, options.allowRemoteReferences ?? [])) {
            refusedUrl = info.url;
            refusal = `$ref to ${info.url} is remote; pass --allow-remote-refs with a URL prefix to allow it`;
            throw new Error(refusal);
          }
          fetchedRemote = true;
          // Not following redirects keeps the allow-list meaningful.
          const response = await fetch(info.url, { redirect: "manual", signal: AbortSignal.timeout(30_000) });
          if (response.status !== 200) {
            refusedUrl = info.url;
            refusal = `$ref to ${info.url}: the server answered ${response.status}`;
            throw new Error(refusal);
          }
          const bytes = Buffer.from(await response.arrayBuffer());
          texts.set(info.url, bytes);
          return bytes;
        },
      },
      external: true,
      file: {
        order: 100,
        canRead: (info: { url: string }) => !/^[a-z][a-z0-9+.-]+:\/\//i.test(info.url) || info.url.startsWith("file:"),
        read: async (info: { url: string }) => {
          const target = info.url.startsWith("file:") ? fileURLToPath(info.url) : decodeURI(info.url);
          const relative = path.relative(root, target);
          if (!options.allowExternalFiles && (relative.startsWith("..") || path.isAbsolute(relative))) {
            refusedUrl = pathToFileURL(target).href;
            refusal = `$ref to ${target} is outside the spec's folder; pass --allow-external-files to allow it`;
            throw new Error(refusal);
          }
          const bytes = await readFile(target);
          if (!files.some((read) => read.path === target)) files.push({ path: target, sha256: sha256(bytes) });
          texts.set(target, bytes);
          return bytes;
        },
      },
    },
  };
  const rootUrl = pathToFileURL(path.resolve(file)).href;
  const nameOf = (url: string): string => (url.startsWith("file:") ? path.join(path.dirname(file), path.relative(root, fileURLToPath(url))) : url);
  const reachedFile = (url: string) => {
    const bytes = texts.get(url.startsWith("file:") ? fileURLToPath(url) : url);
    return bytes && { file: nameOf(url), text: bytes.toString("utf8") };
  };
  let document: OpenApiDocument;
  try {
    let unbundled = raw as OpenApiDocument;
    if (!isAlreadyBundled(raw) && hasExternalReferences(raw)) {
      // swagger-parser reads every file the `$ref`s reach (through the resolvers above, which
      // refuse what the options do not allow); the objects found there are copied into
      // `components` under names of their own (external-references.ts).
      const references = await new SwaggerParser().resolve(path.resolve(file), raw as Exclude<Parameters<SwaggerParser["resolve"]>[0], string>, parserOptions as SwaggerParser.Options);
      const contents = references.values() as Record<string, unknown>;
      const hoisted = hoistExternalReferences(raw as Record<string, unknown>, rootUrl, (url) => contents[url.startsWith("file:") ? fileURLToPath(url) : url]);
      unbundled = hoisted.document as OpenApiDocument;
      sourceMap = new BundledSourceMap(sourceMap, hoisted.origins, reachedFile);
    }
    // What is left (chains of internal `$ref`s, `$ref`s in extensions) is swagger-parser's to bundle.
    document = isAlreadyBundled(unbundled)
      ? unbundled
      : ((await SwaggerParser.bundle(path.resolve(file), unbundled as never, parserOptions as never)) as unknown as OpenApiDocument);
  } catch (error) {
    if (error instanceof MissingReferenceTarget) {
      const position = error.url === rootUrl ? sourceMap.locate(error.pointer) : new BundledSourceMap(sourceMap, [], reachedFile).locateInFile(error.url, error.pointer);
      throw new SpecError([{ code: "SPW_E_REF", severity: "error", file, pointer: error.pointer, ...position, message: error.message }]);
    }
    const pointer = refusedUrl !== undefined ? findReference(raw, rootUrl, refusedUrl) : findUnresolvedInternalReference(raw);
    throw new SpecError([{ code: "SPW_E_REF", severity: "error", file, ...(pointer ? at(pointer) : {}), message: refusal ?? describeRefError(error) }]);
  }
  hooks.onValidate?.();
  const mistakes = findSchemaMistakes(document, options.lenient === true).map((mistake) => ({ ...mistake, ...at(mistake.pointer!) }));
  // A 3.0 document's unknown `type` also fails the OpenAPI schema (an enum of six types there):
  // the same mistake, reported once, as SPW_E_INVALID_TYPE (which --lenient downgrades).
  const typeMistakes = new Set(mistakes.filter((mistake) => mistake.code.endsWith("_INVALID_TYPE")).map((mistake) => mistake.pointer));
  const details = validateAgainstOpenApiSchema(document, dialect);
  const problems = details.length > 0 ? summariseSchemaErrors(details).filter((problem) => !typeMistakes.has(problem.pointer)) : [];
  // Unknown fields change nothing specwright reads, and real specs are full of them (typos,
  // vendor keys without `x-`): they are warnings. Anything else stops the run.
  const schemaDiagnostics: Diagnostic[] = problems.map((problem) => ({
    code: problem.unknownField ? "SPW_W_UNKNOWN_FIELD" : "SPW_E_INVALID_SPEC",
    severity: problem.unknownField ? "warning" : "error",
    ...at(problem.pointer),
    message: problem.message,
  }));
  const found = [...schemaDiagnostics, ...mistakes];
  if (found.some((diagnostic) => diagnostic.severity === "error")) throw new SpecError([...warnings, ...found]);
  warnings.push(...found);
  return { document, dialect, file, text, sourceMap, warnings, files, fetchedRemote };
}

/**
 * The JSON pointer of the first `$ref` in the root document whose target (resolved against the
 * root file's URL, fragment removed) is `targetUrl`; undefined when the `$ref` sits in another
 * file. Iterative, document order.
 */
function findReference(root: unknown, rootUrl: string, targetUrl: string): string | undefined {
  const target = targetUrl.split("#")[0];
  const stack: { node: unknown; pointer: string }[] = [{ node: root, pointer: "#" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    const ref = (node as Record<string, unknown>)["$ref"];
    if (typeof ref === "string" && !ref.startsWith("#")) {
      try {
        if (new URL(ref, rootUrl).href.split("#")[0] === target) return `${pointer}/$ref`;
      } catch {
        // Not a URL reference: cannot be the refused one.
      }
    }
    const entries = Object.entries(node);
    for (let index = entries.length - 1; index >= 0; index--) {
      stack.push({ node: entries[index]![1], pointer: `${pointer}/${escapePointerSegment(entries[index]![0])}` });
    }
  }
  return undefined;
}

/**
 * Where the first `$ref` within the document (`#/…`) stands that points at nothing in it: the
 * pointer of its `$ref` key, or undefined when every internal reference resolves (the failure was
 * then in another file).
 */
function findUnresolvedInternalReference(root: unknown): string | undefined {
  const resolves = (ref: string): boolean => {
    let node: unknown = root;
    for (const segment of parsePointer(ref)) {
      if (!node || typeof node !== "object" || !Object.hasOwn(node, segment)) return false;
      node = (node as Record<string, unknown>)[segment];
    }
    return true;
  };
  const stack: { node: unknown; pointer: string }[] = [{ node: root, pointer: "#" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    const ref = (node as Record<string, unknown>)["$ref"];
    if (typeof ref === "string" && ref.startsWith("#") && !resolves(ref)) return `${pointer}/$ref`;
    const entries = Object.entries(node);
    for (let index = entries.length - 1; index >= 0; index--) {
      stack.push({ node: entries[index]![1], pointer: `${pointer}/${escapePointerSegment(entries[index]![0])}` });
    }
  }
  return undefined;
}

/**
 * The OpenAPI schema is checked with `allErrors`, so one mistake shows up once per `oneOf` branch
 * (`must have required property '$ref'`, …). Keep, per pointer, the message of the most specific
 * error, and only the deepest pointers.
 */
function summariseSchemaErrors(errors: SchemaProblem[]): { pointer: string; message: string; unknownField: boolean }[] {
  const noise = new Set(["oneOf", "anyOf", "if", "then", "else", "$ref", "not"]);
  const byPointer = new Map<string, { message: string; unknownField: boolean }>();
  const useful = errors.filter((error) => !noise.has(error.keyword) && !(error.keyword === "required" && error.params?.["missingProperty"] === "$ref"));
  for (const error of useful.length > 0 ? useful : errors) {
    // 3.0's schema says additionalProperties: false, 3.1's says unevaluatedProperties: false.
    const unknownField = error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties";
    const field = error.params?.["additionalProperty"] ?? error.params?.["unevaluatedProperty"];
    const pointer = "#" + error.instancePath + (unknownField ? "/" + escapePointerSegment(String(field)) : "");
    if (byPointer.has(pointer)) continue;
    const detail = unknownField ? "is not a field of this object" : error.message ?? error.keyword;
    byPointer.set(pointer, { message: detail, unknownField });
  }
  const pointers = [...byPointer.keys()];
  const deepest = pointers.filter((pointer) => !pointers.some((other) => other !== pointer && other.startsWith(pointer + "/")));
  return deepest.slice(0, maxReportedProblems).map((pointer) => ({
    pointer,
    message: `${pointer === "#" ? "the document" : pointer} ${byPointer.get(pointer)!.message}`,
    unknownField: byPointer.get(pointer)!.unknownField,
  }));
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function readDialect(raw: unknown): "3.0" | "3.1" | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const version = (raw as Record<string, unknown>)["openapi"];
  if (typeof version !== "string") return undefined;
  if (/^3\.0\.\d+$/.test(version)) return "3.0";
  if (/^3\.1\.\d+$/.test(version)) return "3.1";
  return undefined;
}

function describeRefError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return `cannot resolve a $ref: ${message}`;
}


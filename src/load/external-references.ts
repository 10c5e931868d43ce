import { escapePointerSegment, formatPointer, parsePointer } from "../wire/json-pointer.js";
import { someObject } from "../wire/json-walk.js";
import { nameExternalObjects } from "./external-names.js";
import { forEachOpenApiObject, type ObjectPlace } from "./schema-objects.js";

type SpecObject = Record<string, unknown>;

/**
 * The `components` section (OpenAPI 3.1 §4.8.7) an object referenced from another file goes to,
 * by the place its `$ref` stands. Path items are copied where they are referenced instead: 3.0
 * has no `components.pathItems`, and a path item belongs to one path.
 */
const sectionOf: Partial<Record<ObjectPlace, string>> = {
  schema: "schemas", response: "responses", parameter: "parameters", example: "examples", requestBody: "requestBodies",
  header: "headers", securityScheme: "securitySchemes", link: "links", callback: "callbacks",
};
const placeOf = Object.fromEntries(Object.entries(sectionOf).map(([place, section]) => [section, place as ObjectPlace]));

/** Where a copied object came from: its place in the bundled document, and its file (URL) and pointer there. */
export interface ExternalOrigin {
  /** `#/components/schemas/Dog`, `#/paths/~1pets`. */
  pointer: string;
  /** The file's URL (`file:///…/schemas/dog.yaml`, `https://…`). */
  url: string;
  /** The object's pointer in that file (`#/Dog`; `#` for the whole file). */
  sourcePointer: string;
}

/** A `$ref` whose target does not exist: the file (URL) and pointer where the `$ref` stands, and the reference as written. */
export class MissingReferenceTarget extends Error {
  constructor(readonly url: string, readonly pointer: string, readonly ref: string) {
    super(`$ref target ${ref} does not exist`);
  }
}

/** An object that a `$ref` reaches in another file, and what becomes of it. */
interface Target {
  section: string;
  url: string;
  pointer: string;
  value: unknown;
  /** The name of a root component that is a bare `$ref` to this object: the object takes its place and name. */
  home?: string;
  name?: string;
  content?: unknown;
}

/** A copy's pointer in the bundled document, known once names are given, and the pointer its walk started from. */
interface Frame {
  documentPointer: () => string;
  sourcePointer: string;
}

/**
 * Bundles a multi-file spec so that every object reached through a `$ref` to another file keeps a
 * name: schemas, responses, parameters, request bodies, headers, examples, links, security schemes
 * and callbacks are copied into the root document's `components` under names from their file and
 * key (external-names.ts), and every `$ref` to them becomes `#/components/<section>/<name>`; a
 * path item is copied where it is referenced. A root component that is nothing but a `$ref` to
 * another file (`Pet: {$ref: ./pet.yaml#/Pet}`) becomes that object, under its own name. `$ref`s
 * from other files back into the root document become internal ones (`#/components/schemas/Owner`);
 * `discriminator.mapping` values that name another file follow the same rule (OpenAPI 3.1 §4.8.25).
 * `$ref`s at places OpenAPI gives no meaning (extensions) are left pointing at their file by
 * absolute URL for the bundler to inline.
 *
 * `root` is the parsed root document, `rootUrl` its file URL, `contentOf(url)` the parsed
 * content of every file the references reach (undefined for one never read). Returns a new
 * document (the input is not modified) and the origin of every copy, for positions in messages.
 * Throws {@link MissingReferenceTarget} for a `$ref` whose file was read but whose pointer names
 * nothing. Pointers follow RFC 6901 in URI-fragment form; relative references are resolved as
 * URLs (RFC 3986 §5) against the file they stand in.
 */
export function hoistExternalReferences(root: SpecObject, rootUrl: string, contentOf: (url: string) => unknown): { document: SpecObject; origins: ExternalOrigin[] } {
  const document = structuredClone(root);
  const targets = new Map<string, Target>();
  const queue: Target[] = [];
  const references: { node: SpecObject; key: string; target: Target }[] = [];
  const origins: { pointer: () => string; url: string; sourcePointer: string }[] = [];
  const homes = new Set<SpecObject>();
  const inlining = new Set<string>();
  /** Reference Objects already rewritten (or to be, once names are given). */
  const handled = new WeakSet<SpecObject>();

  const resolveAgainst = (ref: string, base: string): { url: string; pointer: string } | undefined => {
    let url: URL;
    try {
      url = new URL(ref, base);
    } catch {
      return undefined;
    }
    const pointer = formatPointer(parsePointer(url.hash === "" ? "#" : url.hash));
    url.hash = "";
    return { url: url.href, pointer };
  };

  /** The value at `pointer` in the file at `url`, through `$ref`s met on the way; undefined when there is none. */
  const valueAt = (url: string, pointer: string, depth = 0): unknown => {
    let node = contentOf(url);
    const segments = parsePointer(pointer);
    for (let index = 0; index < segments.length; index++) {
      if (node && typeof node === "object" && typeof (node as SpecObject)["$ref"] === "string" && depth < 100) {
        const next = resolveAgainst((node as SpecObject)["$ref"] as string, url);
        if (!next) return undefined;
        return valueAt(next.url, formatPointer([...parsePointer(next.pointer), ...segments.slice(index)]), depth + 1);
      }
      if (!node || typeof node !== "object" || !Object.hasOwn(node, segments[index]!)) return undefined;
      node = (node as SpecObject)[segments[index]!];
    }
    return node;
  };

  const targetFor = (resolved: { url: string; pointer: string }, section: string, where: { url: string; pointer: string; ref: string }): Target => {
    const key = `${section}\u0000${resolved.url}${resolved.pointer}`;
    let target = targets.get(key);
    if (!target) {
      const value = valueAt(resolved.url, resolved.pointer);
      if (value === undefined) throw new MissingReferenceTarget(where.url, where.pointer, where.ref);
      target = { section, ...resolved, value };
      targets.set(key, target);
      queue.push(target);
    }
    return target;
  };

  /**
   * A copy of a file's value (written into `into` when given, else a new object) with its
   * references rewritten (walk), and every `$ref` the walk left alone made an absolute URL, so that
   * it means the same anywhere in the bundle.
   */
  const copyFrom = (value: unknown, url: string, place: ObjectPlace, frame: Frame, into?: SpecObject): unknown => {
    let copy = structuredClone(value);
    if (into && copy && typeof copy === "object") {
      for (const name of Object.keys(into)) delete into[name];
      for (const [name, member] of Object.entries(copy)) setOwn(into, name, member);
      copy = into;
    }
    walk(copy, place, url, frame);
    someObject(copy, (node) => {
      const resolved = typeof node["$ref"] === "string" && !handled.has(node) ? resolveAgainst(node["$ref"], url) : undefined;
      if (resolved) node["$ref"] = resolved.url + resolved.pointer;
    });
    return copy;
  };

  /** Rewrites the references of `node` (at `place`, from the file `base`, where `frame` says). */
  const walk = (node: unknown, place: ObjectPlace, base: string, frame: Frame): void => {
    forEachOpenApiObject(node, place, frame.sourcePointer, (object, at, kind) => {
      if (kind === "schema") rewriteMapping(object, base, at);
      const ref = object["$ref"];
      if (typeof ref !== "string" || (base === rootUrl && ref.startsWith("#"))) return;
      const resolved = resolveAgainst(ref, base);
      if (!resolved) return;
      if (resolved.url === rootUrl) {
        object["$ref"] = resolved.pointer;
        handled.add(object);
        return;
      }
      if (kind === "pathItem" || homes.has(object)) return inline(object, kind, resolved, frame, at, base, ref);
      const section = sectionOf[kind];
      if (!section) return;
      references.push({ node: object, key: "$ref", target: targetFor(resolved, section, { url: base, pointer: `${at}/$ref`, ref }) });
      handled.add(object);
      return undefined;
    });
  };

  /** Replaces a Reference Object by a copy of its target (a path item, or a root component's own object). */
  const inline = (object: SpecObject, kind: ObjectPlace, resolved: { url: string; pointer: string }, frame: Frame, at: string, base: string, ref: string): boolean => {
    const key = `${resolved.url}${resolved.pointer}`;
    // A path item that includes itself stays a reference, for the bundler to report or resolve.
    if (inlining.has(key)) return true;
    const value = valueAt(resolved.url, resolved.pointer);
    if (value === undefined) throw new MissingReferenceTarget(base, `${at}/$ref`, ref);
    if (!value || typeof value !== "object" || Array.isArray(value)) return true;
    inlining.add(key);
    const documentPointer = (): string => frame.documentPointer() + at.slice(frame.sourcePointer.length);
    // Recorded before the copy is walked: when the target is itself a `$ref` to a third file, the
    // walk inlines that file's object here too, and its origin (recorded later) must win.
    origins.push({ pointer: documentPointer, url: resolved.url, sourcePointer: resolved.pointer });
    // The copy is written into the Reference Object itself, so rewrites of its own `$ref` (a
    // target that is itself a reference) land on the object the document holds; a copy made
    // aside would take those rewrites while the document kept the `$ref` as written in the other
    // file, relative to that file.
    const { $ref: _ref, ...siblings } = object;
    copyFrom(value, resolved.url, kind, { documentPointer, sourcePointer: resolved.pointer }, object);
    inlining.delete(key);
    for (const [name, member] of Object.entries(siblings)) setOwn(object, name, member);
    return true;
  };

  /** `discriminator.mapping` values that are references to another file point at its component. */
  const rewriteMapping = (schema: SpecObject, base: string, at: string): void => {
    const mapping = (schema["discriminator"] as SpecObject | undefined)?.["mapping"];
    if (!mapping || typeof mapping !== "object") return;
    for (const [key, value] of Object.entries(mapping as Record<string, unknown>)) {
      // A value without `/`, `#` or a file extension is a schema name (§4.8.25.1).
      if (typeof value !== "string" || (base === rootUrl && value.startsWith("#")) || !/[/#]|\.(ya?ml|json)$/i.test(value)) continue;
      const resolved = resolveAgainst(value, base);
      if (!resolved) continue;
      if (resolved.url === rootUrl) setOwn(mapping as SpecObject, key, resolved.pointer);
      else if (contentOf(resolved.url) !== undefined && valueAt(resolved.url, resolved.pointer) !== undefined) {
        references.push({ node: mapping as SpecObject, key, target: targetFor(resolved, "schemas", { url: base, pointer: `${at}/discriminator/mapping/${escapePointerSegment(key)}`, ref: value }) });
      }
    }
  };

  /**
   * The object at the end of a chain of bare `$ref`s across other files (an alias file whose key is
   * only a `$ref` to a third file): a root component that names the alias is the home of that
   * object, so other references to it use the component's name instead of copying it again. The
   * chain stops before the root document, before a target that does not exist (the walk reports
   * it where it stands), and after 100 steps (a cycle).
   */
  const throughAliases = (resolved: { url: string; pointer: string }): { url: string; pointer: string } => {
    for (let step = 0; step < 100; step++) {
      const value = valueAt(resolved.url, resolved.pointer);
      if (!value || typeof value !== "object" || Object.keys(value).length !== 1 || typeof (value as SpecObject)["$ref"] !== "string") break;
      const next = resolveAgainst((value as SpecObject)["$ref"] as string, resolved.url);
      if (!next || next.url === rootUrl || valueAt(next.url, next.pointer) === undefined) break;
      resolved = next;
    }
    return resolved;
  };

  // A root component that is only a `$ref` to another file is where that object goes, under its name.
  const components = (document["components"] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [section, entries] of Object.entries(components)) {
    if (!placeOf[section] || !entries || typeof entries !== "object") continue;
    for (const [name, entry] of Object.entries(entries)) {
      if (!entry || typeof entry !== "object" || Object.keys(entry).length !== 1 || typeof (entry as SpecObject)["$ref"] !== "string") continue;
      const ref = (entry as SpecObject)["$ref"] as string;
      const resolved = resolveAgainst(ref, rootUrl);
      if (!resolved || resolved.url === rootUrl) continue;
      const target = targetFor(throughAliases(resolved), section, { url: rootUrl, pointer: formatPointer(["components", section, name, "$ref"]), ref });
      if (target.home !== undefined) continue;
      target.home = name;
      homes.add(entry as SpecObject);
    }
  }
  const rootFrame: Frame = { documentPointer: () => "#", sourcePointer: "#" };
  // Homes are filled where the walk meets them; the others are copied after it, as they are found.
  queue.length = 0;
  walk(document, "document", rootUrl, rootFrame);
  for (let index = 0; index < queue.length; index++) {
    const target = queue[index]!;
    if (target.home !== undefined) continue;
    const documentPointer = (): string => formatPointer(["components", target.section, target.name!]);
    target.content = copyFrom(target.value, target.url, placeOf[target.section]!, { documentPointer, sourcePointer: target.pointer });
    origins.push({ pointer: documentPointer, url: target.url, sourcePointer: target.pointer });
  }

  const copied = queue.filter((target) => target.home === undefined);
  const names = nameExternalObjects(copied, rootUrl, (section) => Object.keys(components[section] ?? {}));
  copied.forEach((target, index) => (target.name = names[index]));
  for (const target of targets.values()) if (target.home !== undefined) target.name = target.home;
  if (copied.length > 0) {
    const sections = (document["components"] ??= {}) as Record<string, Record<string, unknown>>;
    for (const target of copied) setOwn((sections[target.section] ??= {}), target.name!, target.content);
  }
  for (const { node, key, target } of references) setOwn(node, key, formatPointer(["components", target.section, target.name!]));
  return {
    document,
    origins: origins.map(({ pointer, url, sourcePointer }) => ({ pointer: pointer(), url, sourcePointer })),
  };
}

/** Sets an own property, even one called `__proto__` (a key a spec may hold), which `=` would not. */
function setOwn(object: SpecObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

import { parsePointer } from "../wire/json-pointer.js";
import { ReferencedComparison, type ChangeLog, type DiffSide, type Scope } from "./change-log.js";
import type { OperationRuleId, SchemaPrefix } from "./rules.js";
import { compareKeywords, typesOf } from "./schema-keywords.js";
import { followReference, isSchema, viewOf, type DocumentNodes, type SchemaView } from "./schema-view.js";

/** Where a compared schema sits, which picks the rule ids and words its messages. */
export interface SchemaPlace {
  direction: "request" | "response";
  /** A parameter's schema, a request or response body's, or a response header's. */
  kind: "parameter" | "body" | "header";
  /** How messages name the schema's root outside any `$ref`: `query parameter limit`, `request body (application/json)`. */
  subject: string;
}

interface Walk {
  place: SchemaPlace;
  scope: Scope;
  /** Property path from the subject or, inside a `$ref`, from the referenced schema. */
  path: string[];
  /** Still at the root of the body or parameter (composition and `$ref`s do not leave it). */
  root: boolean;
  /** The referenced schema the walk is in, by name (`Book`) or pointer. */
  component?: string;
}

/**
 * Compares the schemas of two versions of a contract, direction by direction: keywords of each
 * schema node (schema-keywords.ts), object properties and `required`, `additionalProperties`,
 * array `items`, and `oneOf`/`anyOf` alternatives matched by `$ref` (else by position); `allOf`
 * members are merged into the schema first (schema-view.ts).
 *
 * Each pair of `$ref` targets is compared once per direction and place, whatever the number of
 * operations that reach it, and a pair already under comparison is not entered again, so
 * recursive schemas terminate and GitHub's 13 MB description is walked about once.
 * `readOnly` properties are left out of requests and `writeOnly` ones out of responses
 * (OpenAPI 3.1 §4.8.24.4).
 */
export class SchemaComparer {
  private readonly referenced = new Map<string, ReferencedComparison>();

  constructor(private readonly log: ChangeLog, private readonly old: DiffSide, private readonly current: DiffSide) {}

  /** Compares the schema at `oldPointer` in the old document with the one at `newPointer` in the new. */
  compare(oldPointer: string, newPointer: string, place: SchemaPlace, scope: Scope): void {
    this.walk(oldPointer, newPointer, { place, scope, path: [], root: true });
  }

  private walk(oldPointer: string, newPointer: string, walk: Walk): void {
    const before = followReference(this.old.nodes, oldPointer);
    const after = followReference(this.current.nodes, newPointer);
    if (!before || !after) return;
    if (before.viaReference || after.viaReference) {
      const key = `${walk.place.direction}\u0000${walk.place.kind}\u0000${walk.root}\u0000${before.pointer}\u0000${after.pointer}`;
      const parent = walk.scope.referenced ?? walk.scope.operation;
      const known = this.referenced.get(key);
      if (known) {
        known.parents.add(parent);
        return;
      }
      const comparison = new ReferencedComparison(after.viaReference ? after.pointer : before.pointer);
      comparison.parents.add(parent);
      this.referenced.set(key, comparison);
      walk = { ...walk, scope: { operation: walk.scope.operation, referenced: comparison }, path: [], component: nameOf(comparison.component) };
    }
    const pair = { old: viewOf(this.old.nodes, before.node, before.pointer), new: viewOf(this.current.nodes, after.node, after.pointer) };
    const prefix = prefixOf(walk);
    compareKeywords(pair, (suffix, what, oldAt, newAt) => this.report(walk, `${prefix}-${suffix}`, what, oldAt, newAt));
    this.compareProperties(pair.old, pair.new, walk);
    this.compareAdditionalProperties(pair.old, pair.new, walk);
    for (const keyword of ["oneOf", "anyOf"] as const) this.compareMembers(keyword, pair.old, pair.new, walk);
    const [itemsBefore, itemsAfter] = [pair.old.applicators.get("items"), pair.new.applicators.get("items")];
    if (itemsBefore && itemsAfter && isSchema(itemsBefore.value) && isSchema(itemsAfter.value)) {
      this.walk(itemsBefore.pointer, itemsAfter.pointer, { ...walk, path: [...walk.path, "items"], root: false });
    }
  }

  private report(walk: Walk, id: string, what: string, oldPointer: string, newPointer: string): void {
    this.log.add(walk.scope, { id, message: `${describe(walk)}: ${what}`, direction: walk.place.direction, oldPointer, newPointer });
  }

  private compareProperties(before: SchemaView, after: SchemaView, walk: Walk): void {
    if (before.properties.size === 0 && after.properties.size === 0) return;
    const hidden = walk.place.direction === "request" ? "readOnly" : "writeOnly";
    const visible = (nodes: DocumentNodes, view: SchemaView): Map<string, string> =>
      new Map([...view.properties].filter(([, pointer]) => followReference(nodes, pointer)?.node[hidden] !== true));
    const propertiesBefore = visible(this.old.nodes, before);
    const propertiesAfter = visible(this.current.nodes, after);
    const request = walk.place.direction === "request";
    const change = (id: OperationRuleId, name: string, what: string, oldAt: string, newAt: string): void =>
      this.log.add(walk.scope, { id, message: `${describe({ ...walk, path: [...walk.path, name], root: false })}: ${what}`, direction: walk.place.direction, oldPointer: oldAt, newPointer: newAt });
    for (const [name, oldAt] of propertiesBefore) {
      const newAt = propertiesAfter.get(name);
      if (newAt === undefined) {
        const required = before.required.has(name);
        change(request ? "request-property-removed" : required ? "response-required-property-removed" : "response-optional-property-removed", name, "was removed", oldAt, after.pointer);
        continue;
      }
      if (!before.required.has(name) && after.required.has(name)) {
        change(request ? "request-property-became-required" : "response-property-became-required", name, "became required", before.requiredPointer, after.requiredPointer);
      } else if (before.required.has(name) && !after.required.has(name)) {
        change(request ? "request-property-became-optional" : "response-property-became-optional", name, "became optional", before.requiredPointer, after.requiredPointer);
      }
      this.walk(oldAt, newAt, { ...walk, path: [...walk.path, name], root: false });
    }
    for (const [name, newAt] of propertiesAfter) {
      if (propertiesBefore.has(name)) continue;
      const required = after.required.has(name);
      const id: OperationRuleId = request ? (required ? "new-required-request-property" : "new-optional-request-property") : required ? "response-required-property-added" : "response-optional-property-added";
      change(id, name, `was added${required ? " as required" : ""}`, before.pointer, newAt);
    }
  }

  private compareAdditionalProperties(before: SchemaView, after: SchemaView, walk: Walk): void {
    const [was, is] = [before.applicators.get("additionalProperties"), after.applicators.get("additionalProperties")];
    const where: [string, string] = [was?.pointer ?? before.pointer, is?.pointer ?? after.pointer];
    const objectLike = before.properties.size > 0 || typesOf(before.keywords)?.has("object") === true;
    if (was?.value !== false && is?.value === false && objectLike) {
      this.report(walk, `${prefixOf(walk)}-additional-properties-restricted`, "additionalProperties became false: undeclared properties are refused", ...where);
    } else if (was?.value === false && is?.value !== false) {
      this.report(walk, `${prefixOf(walk)}-additional-properties-allowed`, "additionalProperties is no longer false: undeclared properties are allowed", ...where);
    } else if (was && is && isSchema(was.value) && isSchema(is.value)) {
      this.walk(was.pointer, is.pointer, { ...walk, path: [...walk.path, "additionalProperties"], root: false });
    }
  }

  /** `oneOf`/`anyOf` alternatives: matched by `$ref`, inline ones by position among the inline ones. */
  private compareMembers(keyword: "oneOf" | "anyOf", before: SchemaView, after: SchemaView, walk: Walk): void {
    const membersOf = (view: SchemaView): Map<string, string> => {
      const members = new Map<string, string>();
      const applicator = view.applicators.get(keyword);
      const list = Array.isArray(applicator?.value) ? (applicator.value as unknown[]) : [];
      let inline = 0;
      list.forEach((member, index) => {
        const ref = isSchema(member) ? member["$ref"] : undefined;
        members.set(typeof ref === "string" ? nameOf(ref) : `#${inline++}`, `${applicator!.pointer}/${index}`);
      });
      return members;
    };
    const membersBefore = membersOf(before);
    const membersAfter = membersOf(after);
    if (membersBefore.size === 0 && membersAfter.size === 0) return;
    const suffix = keyword === "oneOf" ? "one-of" : "any-of";
    const label = (name: string): string => (name.startsWith("#") ? `an inline schema (${name})` : name);
    for (const [name, oldAt] of membersBefore) {
      const newAt = membersAfter.get(name);
      if (newAt === undefined) this.report(walk, `${prefixOf(walk)}-${suffix}-removed`, `${label(name)} was removed from ${keyword}`, oldAt, after.applicators.get(keyword)?.pointer ?? after.pointer);
      else this.walk(oldAt, newAt, walk);
    }
    for (const [name, newAt] of membersAfter) {
      if (!membersBefore.has(name)) this.report(walk, `${prefixOf(walk)}-${suffix}-added`, `${label(name)} was added to ${keyword}`, before.applicators.get(keyword)?.pointer ?? before.pointer, newAt);
    }
  }
}

/** The rule id prefix for a walk's current node. */
function prefixOf(walk: Walk): SchemaPrefix {
  if (walk.place.kind === "parameter") return "request-parameter";
  if (walk.place.kind === "header") return "response-header";
  const side = walk.place.direction;
  return walk.root ? `${side}-body` : `${side}-property`;
}

/** How a message names the node: `request body (application/json) property author`, or `property author of schema Book`. */
function describe(walk: Walk): string {
  const path = walk.path.join("/");
  if (walk.component !== undefined) return path === "" ? `schema ${walk.component}` : `property ${path} of schema ${walk.component}`;
  return path === "" ? walk.place.subject : `${walk.place.subject} property ${path}`;
}

/** `Book` for `#/components/schemas/Book`; other pointers as they are. */
function nameOf(pointer: string): string {
  return /^#\/components\/schemas\/[^/]+$/.test(pointer) ? parsePointer(pointer).at(-1)! : pointer;
}


import { escapePointerSegment, parsePointer } from "../wire/json-pointer.js";

/**
 * The nodes of one document by JSON pointer (RFC 6901, `#/a/b`), each looked up once: a pointer
 * is its parent's node plus one segment, so walking every property of a 13 MB document costs one
 * step per node instead of one per segment of every pointer.
 */
export class DocumentNodes {
  private readonly known = new Map<string, unknown>();

  constructor(readonly document: Record<string, unknown>) {}

  /** The node at `pointer` (own properties only), or undefined. */
  get(pointer: string): unknown {
    if (pointer === "#" || pointer === "") return this.document;
    if (this.known.has(pointer)) return this.known.get(pointer);
    const slash = pointer.lastIndexOf("/");
    if (slash < 0) return undefined;
    const parent = this.get(pointer.slice(0, slash));
    const segment = parsePointer(`#${pointer.slice(slash)}`)[0]!;
    const node = parent && typeof parent === "object" && Object.hasOwn(parent, segment) ? (parent as Record<string, unknown>)[segment] : undefined;
    this.known.set(pointer, node);
    return node;
  }
}

/** A Schema Object as data (OpenAPI 3.0 or 3.1). */
export type SchemaObject = { [keyword: string]: unknown };

/**
 * One schema as the diff compares it: its `allOf` members merged in (oasdiff's `--flatten-allof`),
 * so `$ref: A` and `allOf: [{$ref: A}, {properties: {b}}]` differ only by the property `b`.
 * Every keyword keeps the pointer of the node it was read from.
 */
export interface SchemaView {
  /** The node's pointer (after `$ref`s). */
  pointer: string;
  /** Keywords that constrain one value (type, format, enum, bounds…): the node's own, else the first member's that has it. */
  keywords: SchemaObject;
  /** The pointer each keyword of {@link keywords} was read from (`…/maxLength`). */
  keywordPointers: Map<string, string>;
  /** Property name → the property schema's pointer, in order: own, then members'. */
  properties: Map<string, string>;
  /** Names in `required`, of the node and every member. */
  required: Set<string>;
  /** Where `required` is written (the node's own, else the node). */
  requiredPointer: string;
  /** `items`, `additionalProperties`, `oneOf`, `anyOf`: the first node that has each, with its pointer. */
  applicators: Map<"items" | "additionalProperties" | "oneOf" | "anyOf", { value: unknown; pointer: string }>;
}

const maximumReferenceHops = 64;
/** Keywords that are not merged as plain values: the walker reads them through the view's other fields. */
const structural = new Set(["properties", "required", "allOf", "items", "additionalProperties", "oneOf", "anyOf", "$ref"]);

/**
 * The schema object at `pointer`, following `$ref`s (internal after bundling) up to a bound; its
 * final pointer, and whether a `$ref` was followed. Undefined for a missing or non-object node
 * (a boolean schema: nothing to compare keyword by keyword).
 */
export function followReference(nodes: DocumentNodes, pointer: string): { node: SchemaObject; pointer: string; viaReference: boolean } | undefined {
  let current = pointer;
  let viaReference = false;
  for (let hop = 0; hop <= maximumReferenceHops; hop++) {
    const node = nodes.get(current);
    if (!isSchema(node)) return undefined;
    const ref = node["$ref"];
    if (typeof ref !== "string" || !ref.startsWith("#")) return { node, pointer: current, viaReference };
    current = ref;
    viaReference = true;
  }
  return undefined;
}

/** Whether a value is a schema object (not a boolean schema, not an array). */
export function isSchema(value: unknown): value is SchemaObject {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** The {@link SchemaView} of the (already followed) node at `pointer`; members are merged depth first, each once. */
export function viewOf(nodes: DocumentNodes, node: SchemaObject, pointer: string): SchemaView {
  const view: SchemaView = { pointer, keywords: {}, keywordPointers: new Map(), properties: new Map(), required: new Set(), requiredPointer: pointer, applicators: new Map() };
  const seen = new Set<string>();
  const merge = (current: SchemaObject, at: string, own: boolean): void => {
    if (seen.has(at)) return;
    seen.add(at);
    for (const [keyword, value] of Object.entries(current)) {
      if (structural.has(keyword) || keyword.startsWith("x-") || Object.hasOwn(view.keywords, keyword)) continue;
      view.keywords[keyword] = value;
      view.keywordPointers.set(keyword, `${at}/${keyword}`);
    }
    const properties = current["properties"];
    if (isSchema(properties)) {
      for (const name of Object.keys(properties)) {
        if (!view.properties.has(name)) view.properties.set(name, `${at}/properties/${escapePointerSegment(name)}`);
      }
    }
    if (Array.isArray(current["required"])) {
      for (const name of current["required"]) if (typeof name === "string") view.required.add(name);
      if (own) view.requiredPointer = `${at}/required`;
    }
    for (const keyword of ["items", "additionalProperties", "oneOf", "anyOf"] as const) {
      if (current[keyword] !== undefined && !view.applicators.has(keyword)) view.applicators.set(keyword, { value: current[keyword], pointer: `${at}/${keyword}` });
    }
    if (Array.isArray(current["allOf"])) {
      current["allOf"].forEach((_, index) => {
        const member = followReference(nodes, `${at}/allOf/${index}`);
        if (member) merge(member.node, member.pointer, false);
      });
    }
  };
  merge(node, pointer, true);
  return view;
}

/**
 * Request and response views of schemas: how the type of one schema differs by side of the wire.
 *
 * - readOnly / writeOnly (OpenAPI 3.1 §4.8.24.4): a request carries no `readOnly` property and a
 *   response no `writeOnly` one, at any depth.
 * - Defaults on the request side: a property with a `default` that `required` does not list may
 *   be left out by a client (JSON Schema 2020-12 Validation §6.5.3: only `required` makes a
 *   property required; §9.2: `default` is an annotation), and the server fills it in before the
 *   handler runs (ajv `useDefaults`), so a handler always sees it. A `readOnly` property's default
 *   never enters a request (the property is left out), and a required property's default never
 *   applies. Responses get no defaults: the runtime sends what the handler returned.
 *
 * A component needs a view on a side when it has such properties itself (directly, through
 * `allOf`, or inside an inline object or array property), or holds a component that needs one in
 * a property that is a `$ref` or an array of `$ref`s. Unions (`oneOf`/`anyOf`) get no view (an
 * `Omit<>` over a union collapses its keys); a schema that also allows `null` gets one marked
 * `nullable`, which the emitters apply to the non-null part. The emitters turn each
 * view into `Omit<T, keys> & { nested: View }`, so the generated types of one schema used both ways
 * say what each side really sends and receives.
 */

/** One property of a view whose type is replaced by another view. */
export interface NestedView {
  /** The property name. */
  property: string;
  /** Whether the schema lists the property in `required`. */
  required: boolean;
  /** Whether the property is an array whose items have the view. */
  array: boolean;
  /** The component schema name of the view it holds (a `$ref`, or an array of `$ref`s). */
  target?: string;
  /** The view of the inline object schema it holds (or of its inline items, with `array`). */
  inline?: SchemaView;
}

/** One schema's view on one side. */
export interface SchemaView {
  /** Properties the side leaves out (readOnly for requests, writeOnly for responses). */
  omitted: string[];
  /**
   * Request side only: properties with a `default`, not `required`, not `readOnly`. Clients may
   * leave them out; handlers always receive them (the server fills the default in).
   */
  defaulted: string[];
  /** Properties whose type becomes another view. */
  nested: NestedView[];
  /** Set when the schema also allows `null` (its type is the view's or `null`). */
  nullable?: true;
}

/** The views of both sides, by component schema name; only components that need one. */
export interface SchemaViews {
  request: Record<string, SchemaView>;
  response: Record<string, SchemaView>;
}

/**
 * The view a request or response body has: a component's (`schema`), or one of its own for an
 * inline schema (`inline`); `items` when the body is an array of them.
 */
export interface BodyView {
  side: "request" | "response";
  schema?: string;
  inline?: SchemaView;
  items: boolean;
}

import { markReferrers, resolveReference } from "./schemas.js";

type SchemaObject = Record<string, unknown>;
type Side = "request" | "response";

const componentPrefix = "#/components/schemas/";

/** The component a schema is exactly a reference to (annotations beside `$ref` allowed). */
export function referencedComponent(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema["$ref"];
  if (typeof ref !== "string" || !ref.startsWith(componentPrefix)) return undefined;
  const name = ref.slice(componentPrefix.length);
  // A pointer into a component (`Book/properties/x`) is not a component.
  if (name.includes("/")) return undefined;
  const others = Object.keys(schema).filter((keyword) => keyword !== "$ref" && !annotations.has(keyword));
  return others.length === 0 ? name.replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

const annotations = new Set(["description", "title", "summary", "example", "examples", "deprecated", "readOnly", "writeOnly", "$comment", "default"]);

/** How deep inline objects are followed inside one schema. */
const maxInlineDepth = 8;

/** A view being computed: nested components are kept whether they turn out to need a view or not. */
interface Draft {
  omitted: string[];
  defaulted: string[];
  nested: DraftNested[];
  nullable: boolean;
}

interface DraftNested {
  property: string;
  required: boolean;
  array: boolean;
  target?: string;
  inline?: Draft;
}

function isObject(value: unknown): value is SchemaObject {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/**
 * Whether an inline schema is an object type an `Omit<>` can view: it declares properties (itself
 * or through `allOf`), is no union, and is an object or null.
 */
function isPlainObject(schema: SchemaObject): boolean {
  if (schema["oneOf"] !== undefined || schema["anyOf"] !== undefined || schema["$ref"] !== undefined) return false;
  const type = schema["type"];
  const objectOrNull = Array.isArray(type) && type.includes("object") && type.every((item) => item === "object" || item === "null");
  if (type !== undefined && type !== "object" && !objectOrNull) return false;
  return schema["properties"] !== undefined || Array.isArray(schema["allOf"]);
}

/** Whether a schema allows `null` besides its own type (3.0 `nullable`, or a type list with "null"). */
function allowsNull(schema: SchemaObject): boolean {
  const type = schema["type"];
  return schema["nullable"] === true || (Array.isArray(type) && type.includes("null"));
}

/** Whether an array property is only `type` and `items` (plus annotations), so `View[]` is its whole type. */
function isOnlyItems(schema: SchemaObject): boolean {
  return schema["type"] === "array" && Object.keys(schema).every((keyword) => keyword === "type" || keyword === "items" || annotations.has(keyword));
}

/**
 * The draft view of an object schema on a side, its `allOf` members merged in (a referenced
 * member's properties count as this schema's, as its type is part of the intersection).
 */
function draftOf(schema: SchemaObject, schemas: SchemaObject, side: Side, depth: number): Draft {
  const flag = side === "request" ? "readOnly" : "writeOnly";
  const omitted = new Set<string>();
  const defaulted = new Set<string>();
  const nested = new Map<string, DraftNested>();
  const visit = (node: SchemaObject, level: number): void => {
    if (level > maxInlineDepth) return;
    const properties = node["properties"];
    const required = new Set(Array.isArray(node["required"]) ? (node["required"] as unknown[]).filter((item): item is string => typeof item === "string") : []);
    if (isObject(properties)) {
      for (const [property, propertySchema] of Object.entries(properties)) {
        if (!isObject(propertySchema)) continue;
        const target = referencedComponent(propertySchema);
        const targetSchema = target !== undefined ? schemas[target] : undefined;
        if (propertySchema[flag] === true || (isObject(targetSchema) && targetSchema[flag] === true)) {
          omitted.add(property);
          continue;
        }
        if (side === "request" && "default" in propertySchema && !required.has(property)) defaulted.add(property);
        const entry = nestedOf(property, propertySchema, required.has(property), target, schemas, side, depth);
        if (entry) nested.set(property, entry);
      }
    }
    if (Array.isArray(node["allOf"])) {
      for (const member of node["allOf"]) {
        const target = referencedComponent(member);
        const resolved = target !== undefined ? schemas[target] : member;
        if (isObject(resolved)) visit(resolved, level + 1);
      }
    }
  };
  visit(schema, 0);
  return {
    omitted: [...omitted],
    defaulted: [...defaulted].filter((property) => !omitted.has(property)),
    nested: [...nested.values()].filter((entry) => !omitted.has(entry.property)),
    nullable: allowsNull(schema),
  };
}

/** The candidate nested view of one property: a component, an array of one, or an inline object (or array of them). */
function nestedOf(property: string, schema: SchemaObject, required: boolean, target: string | undefined, schemas: SchemaObject, side: Side, depth: number): DraftNested | undefined {
  if (target !== undefined) return { property, required, array: false, target };
  if (depth >= maxInlineDepth) return undefined;
  if (isPlainObject(schema)) return { property, required, array: false, inline: draftOf(schema, schemas, side, depth + 1) };
  if (isOnlyItems(schema) && isObject(schema["items"])) {
    const items = schema["items"];
    const itemTarget = referencedComponent(items);
    if (itemTarget !== undefined) return { property, required, array: true, target: itemTarget };
    if (isPlainObject(items)) return { property, required, array: true, inline: draftOf(items, schemas, side, depth + 1) };
  }
  return undefined;
}

/** Whether a draft differs from its schema's type by itself (not counting nested components). */
function differsByItself(draft: Draft): boolean {
  return draft.omitted.length > 0 || draft.defaulted.length > 0 || draft.nested.some((entry) => entry.inline !== undefined && differsByItself(entry.inline));
}

/** The components a draft refers to, at any inline depth. */
function targetsOf(draft: Draft): string[] {
  return draft.nested.flatMap((entry) => (entry.target !== undefined ? [entry.target] : entry.inline ? targetsOf(entry.inline) : []));
}

/** The final view of a draft, given which components have views; undefined when nothing differs. */
function finish(draft: Draft, hasView: (name: string) => boolean): SchemaView | undefined {
  const nested: NestedView[] = [];
  for (const entry of draft.nested) {
    if (entry.target !== undefined) {
      if (hasView(entry.target)) nested.push({ property: entry.property, required: entry.required, array: entry.array, target: entry.target });
    } else if (entry.inline) {
      const inline = finish(entry.inline, hasView);
      if (inline) nested.push({ property: entry.property, required: entry.required, array: entry.array, inline });
    }
  }
  if (draft.omitted.length === 0 && draft.defaulted.length === 0 && nested.length === 0) return undefined;
  return { omitted: draft.omitted, defaulted: draft.defaulted, nested, ...(draft.nullable ? { nullable: true as const } : {}) };
}

/**
 * Computes the views of every component schema of a bundled document. Pure; never throws on
 * odd schemas (they simply get no view).
 */
export function buildSchemaViews(document: unknown): SchemaViews {
  const schemas = (document as SchemaObject | undefined)?.["components"];
  const components = isObject(schemas) ? schemas["schemas"] : undefined;
  if (!isObject(components)) return { request: {}, response: {} };
  return { request: viewsFor(components, "request"), response: viewsFor(components, "response") };
}

function viewsFor(schemas: SchemaObject, side: Side): Record<string, SchemaView> {
  const drafts = new Map<string, Draft>();
  for (const [name, schema] of Object.entries(schemas)) {
    // An Omit<> over a union collapses its keys: unions get no view.
    if (!isObject(schema) || schema["oneOf"] !== undefined || schema["anyOf"] !== undefined) continue;
    drafts.set(name, draftOf(schema, schemas, side, 0));
  }
  const needs = new Set([...drafts].filter(([, draft]) => differsByItself(draft)).map(([name]) => name));
  const targets = new Map([...drafts].map(([name, draft]) => [name, targetsOf(draft)]));
  markReferrers(needs, targets);
  const views: Record<string, SchemaView> = {};
  for (const name of [...needs].sort()) views[name] = finish(drafts.get(name)!, (target) => needs.has(target))!;
  return views;
}

const cache = new WeakMap<object, SchemaViews>();

/** {@link buildSchemaViews}, computed once per document object. */
export function schemaViewsOf(document: object): SchemaViews {
  let views = cache.get(document);
  if (!views) {
    views = buildSchemaViews(document);
    cache.set(document, views);
  }
  return views;
}

/**
 * The view a body schema has on a side: a `$ref` to a component with a view, an inline object
 * schema that differs on that side, or an array of either; undefined otherwise.
 */
export function bodyView(schema: unknown, document: object, side: Side): BodyView | undefined {
  const views = schemaViewsOf(document)[side];
  const schemas = ((document as SchemaObject)["components"] as SchemaObject | undefined)?.["schemas"];
  const components = isObject(schemas) ? schemas : {};
  const of = (node: unknown, items: boolean): BodyView | undefined => {
    const component = referencedComponent(node);
    if (component === undefined) node = resolved(node);
    if (component !== undefined) return Object.hasOwn(views, component) ? { side, schema: component, items } : undefined;
    if (!isObject(node) || !isPlainObject(node)) return undefined;
    const inline = finish(draftOf(node, components, side, 0), (target) => Object.hasOwn(views, target));
    return inline ? { side, inline, items } : undefined;
  };
  const body = referencedComponent(schema) === undefined ? resolved(schema) : schema;
  if (isObject(body) && body["type"] === "array" && body["items"] !== undefined) return of(body["items"], true);
  return of(body, false);

  /** A schema with `$ref`s to places other than components (a bundler's reference to an earlier copy) followed. */
  function resolved(node: unknown): unknown {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current["$ref"] === "string" && !(current["$ref"] as string).startsWith(componentPrefix) && hops < 32; hops += 1) {
      current = resolveReference(document, current["$ref"] as string);
    }
    return current;
  }
}

/**
 * Request and response views of component schemas (OpenAPI 3.1 §4.8.24.4, readOnly/writeOnly):
 * a request carries no `readOnly` property and a response no `writeOnly` one, at any depth. A
 * component needs a view on a side when it has such properties itself (directly or through
 * `allOf`), or holds a component that needs one in a property that is a `$ref` or an array of
 * `$ref`s. The emitters turn each view into `Omit<T, keys> & { nested: View }`, so the generated
 * types of one schema used both ways say what each side really sends.
 */

/** One property of a view whose type is replaced by another view. */
export interface NestedView {
  /** The property name. */
  property: string;
  /** The component schema name of the view it holds. */
  target: string;
  /** Whether the property is an array of that component. */
  array: boolean;
  /** Whether the schema lists the property in `required`. */
  required: boolean;
}

/** One component schema's view on one side. */
export interface SchemaView {
  /** Properties the side leaves out (readOnly for requests, writeOnly for responses). */
  omitted: string[];
  /** Properties whose type becomes another component's view. */
  nested: NestedView[];
}

/** The views of both sides, by component schema name; only components that need one. */
export interface SchemaViews {
  request: Record<string, SchemaView>;
  response: Record<string, SchemaView>;
}

type SchemaObject = Record<string, unknown>;

const componentPrefix = "#/components/schemas/";

/** The component a schema is exactly a reference to (annotations beside `$ref` allowed). */
export function referencedComponent(schema: unknown): string | undefined {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return undefined;
  const ref = (schema as SchemaObject)["$ref"];
  if (typeof ref !== "string" || !ref.startsWith(componentPrefix)) return undefined;
  const name = ref.slice(componentPrefix.length);
  // A pointer into a component (`Book/properties/x`) is not a component.
  if (name.includes("/")) return undefined;
  const others = Object.keys(schema).filter((keyword) => keyword !== "$ref" && !annotations.has(keyword));
  return others.length === 0 ? name.replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

const annotations = new Set(["description", "title", "summary", "example", "examples", "deprecated", "readOnly", "writeOnly", "$comment"]);

/**
 * Computes the views of every component schema of a bundled document. Pure; never throws on
 * odd schemas (they simply get no view).
 */
export function buildSchemaViews(document: unknown): SchemaViews {
  const schemas = ((document as SchemaObject | undefined)?.["components"] as SchemaObject | undefined)?.["schemas"] as SchemaObject | undefined;
  if (!schemas || typeof schemas !== "object") return { request: {}, response: {} };
  return { request: viewsFor(schemas, "readOnly"), response: viewsFor(schemas, "writeOnly") };
}

function viewsFor(schemas: SchemaObject, flag: "readOnly" | "writeOnly"): Record<string, SchemaView> {
  /** Own omitted properties and candidate nested properties, per component. */
  const facts = new Map<string, { omitted: string[]; candidates: NestedView[] }>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) continue;
    const root = schema as SchemaObject;
    // An Omit<> over a union collapses its keys: unions get no view.
    if (root["oneOf"] !== undefined || root["anyOf"] !== undefined) continue;
    const omitted = new Set<string>();
    const candidates: NestedView[] = [];
    const visit = (node: SchemaObject, depth: number): void => {
      if (depth > 8) return;
      const properties = node["properties"];
      const required = new Set(Array.isArray(node["required"]) ? (node["required"] as unknown[]).filter((item): item is string => typeof item === "string") : []);
      if (properties && typeof properties === "object" && !Array.isArray(properties)) {
        for (const [property, propertySchema] of Object.entries(properties as SchemaObject)) {
          if (!propertySchema || typeof propertySchema !== "object") continue;
          const propertyNode = propertySchema as SchemaObject;
          const target = referencedComponent(propertyNode);
          if (propertyNode[flag] === true || (target && (schemas[target] as SchemaObject | undefined)?.[flag] === true)) {
            omitted.add(property);
            continue;
          }
          if (target) candidates.push({ property, target, array: false, required: required.has(property) });
          else if (propertyNode["type"] === "array") {
            const itemTarget = referencedComponent(propertyNode["items"]);
            const onlyItems = Object.keys(propertyNode).every((keyword) => keyword === "type" || keyword === "items" || annotations.has(keyword));
            if (itemTarget && onlyItems) candidates.push({ property, target: itemTarget, array: true, required: required.has(property) });
          }
        }
      }
      if (Array.isArray(node["allOf"])) {
        for (const member of node["allOf"]) {
          const target = referencedComponent(member);
          const resolved = target ? schemas[target] : member;
          if (resolved && typeof resolved === "object" && !Array.isArray(resolved)) visit(resolved as SchemaObject, depth + 1);
        }
      }
    };
    visit(root, 0);
    facts.set(name, { omitted: [...omitted], candidates: candidates.filter((candidate) => !omitted.has(candidate.property)) });
  }
  const needs = new Set([...facts].filter(([, fact]) => fact.omitted.length > 0).map(([name]) => name));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, fact] of facts) {
      if (!needs.has(name) && fact.candidates.some((candidate) => needs.has(candidate.target))) {
        needs.add(name);
        changed = true;
      }
    }
  }
  const views: Record<string, SchemaView> = {};
  for (const name of [...needs].sort()) {
    const fact = facts.get(name)!;
    views[name] = { omitted: fact.omitted, nested: fact.candidates.filter((candidate) => needs.has(candidate.target)) };
  }
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
 * The view a body schema has on a side: a `$ref` to a component with a view, or an array of
 * them; undefined otherwise.
 */
export function bodyView(schema: unknown, document: object, side: "request" | "response"): { side: "request" | "response"; schema: string; items: boolean } | undefined {
  const views = schemaViewsOf(document)[side];
  const direct = referencedComponent(schema);
  if (direct !== undefined) return Object.hasOwn(views, direct) ? { side, schema: direct, items: false } : undefined;
  if (schema && typeof schema === "object" && (schema as SchemaObject)["type"] === "array") {
    const item = referencedComponent((schema as SchemaObject)["items"]);
    if (item !== undefined && Object.hasOwn(views, item)) return { side, schema: item, items: true };
  }
  return undefined;
}

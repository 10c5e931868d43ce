import { escapePointerSegment } from "../wire/json-pointer.js";

type SpecObject = Record<string, unknown>;

/** What a node is, by its place in an OpenAPI 3.0/3.1 document (OpenAPI 3.1 §4.8). */
type Place = "pathItem" | "operation" | "parameter" | "header" | "requestBody" | "response" | "mediaType" | "callback" | "schema";

/** Keywords whose value is a schema (JSON Schema 2020-12 §10, draft 4 for 3.0). */
const schemaValued = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
  "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems"];
/** Keywords whose value is an array of schemas (`items` too, in draft 4's tuple form). */
const schemaArrays = ["allOf", "oneOf", "anyOf", "prefixItems", "items"];
/** Keywords whose value is a map of name → schema. */
const schemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Calls `visit` with every Schema Object of a bundled OpenAPI 3.0/3.1 document, at the place it is
 * written, with its JSON pointer (`#/components/schemas/Book/properties/year`): component
 * schemas, the schemas of parameters, headers and media types (under paths, webhooks, callbacks
 * and components), and their subschemas. A Reference Object is not followed: its target is
 * visited where it is written, so each schema is visited once. Boolean schemas are skipped.
 * Iterative, so a document nested thousands of levels deep cannot overflow the stack.
 */
export function forEachSchemaObject(document: unknown, visit: (schema: SpecObject, pointer: string) => void): void {
  if (!isObject(document)) return;
  const stack: { node: unknown; pointer: string; place: Place }[] = [];
  const pushMap = (map: unknown, pointer: string, place: Place): void => {
    if (!isObject(map)) return;
    const entries = Object.entries(map);
    for (let index = entries.length - 1; index >= 0; index--) {
      stack.push({ node: entries[index]![1], pointer: `${pointer}/${escapePointerSegment(entries[index]![0])}`, place });
    }
  };
  const pushArray = (array: unknown, pointer: string, place: Place): void => {
    if (!Array.isArray(array)) return;
    for (let index = array.length - 1; index >= 0; index--) stack.push({ node: array[index], pointer: `${pointer}/${index}`, place });
  };
  const components = document["components"];
  if (isObject(components)) {
    pushMap(components["pathItems"], "#/components/pathItems", "pathItem");
    pushMap(components["callbacks"], "#/components/callbacks", "callback");
    pushMap(components["responses"], "#/components/responses", "response");
    pushMap(components["requestBodies"], "#/components/requestBodies", "requestBody");
    pushMap(components["headers"], "#/components/headers", "header");
    pushMap(components["parameters"], "#/components/parameters", "parameter");
    pushMap(components["schemas"], "#/components/schemas", "schema");
  }
  pushMap(document["webhooks"], "#/webhooks", "pathItem");
  pushMap(document["paths"], "#/paths", "pathItem");
  while (stack.length > 0) {
    const { node, pointer, place } = stack.pop()!;
    if (!isObject(node)) continue;
    // A Reference Object outside a schema is its target's business, visited where it is written.
    if (place !== "schema" && typeof node["$ref"] === "string") continue;
    switch (place) {
      case "pathItem":
        for (let index = methods.length - 1; index >= 0; index--) {
          const method = methods[index]!;
          if (node[method] !== undefined) stack.push({ node: node[method], pointer: `${pointer}/${method}`, place: "operation" });
        }
        pushArray(node["parameters"], `${pointer}/parameters`, "parameter");
        break;
      case "operation":
        pushMap(node["callbacks"], `${pointer}/callbacks`, "callback");
        pushMap(node["responses"], `${pointer}/responses`, "response");
        if (node["requestBody"] !== undefined) stack.push({ node: node["requestBody"], pointer: `${pointer}/requestBody`, place: "requestBody" });
        pushArray(node["parameters"], `${pointer}/parameters`, "parameter");
        break;
      case "callback":
        pushMap(node, pointer, "pathItem");
        break;
      case "parameter":
      case "header":
        pushMap(node["content"], `${pointer}/content`, "mediaType");
        if (node["schema"] !== undefined) stack.push({ node: node["schema"], pointer: `${pointer}/schema`, place: "schema" });
        break;
      case "requestBody":
        pushMap(node["content"], `${pointer}/content`, "mediaType");
        break;
      case "response":
        pushMap(node["content"], `${pointer}/content`, "mediaType");
        pushMap(node["headers"], `${pointer}/headers`, "header");
        break;
      case "mediaType":
        if (isObject(node["encoding"])) {
          for (const [name, encoding] of Object.entries(node["encoding"]).reverse()) {
            if (isObject(encoding)) pushMap(encoding["headers"], `${pointer}/encoding/${escapePointerSegment(name)}/headers`, "header");
          }
        }
        if (node["schema"] !== undefined) stack.push({ node: node["schema"], pointer: `${pointer}/schema`, place: "schema" });
        break;
      case "schema":
        visit(node, pointer);
        pushSubschemas(node, pointer, pushMap, pushArray, (child, childPointer) => stack.push({ node: child, pointer: childPointer, place: "schema" }));
        break;
    }
  }
}

/** Pushes a schema's subschemas, in reverse keyword order so they are visited in document order. */
function pushSubschemas(
  schema: SpecObject,
  pointer: string,
  pushMap: (map: unknown, pointer: string, place: Place) => void,
  pushArray: (array: unknown, pointer: string, place: Place) => void,
  push: (child: unknown, pointer: string) => void,
): void {
  const keywords = Object.keys(schema).reverse();
  for (const keyword of keywords) {
    const value = schema[keyword];
    const childPointer = `${pointer}/${escapePointerSegment(keyword)}`;
    if (schemaMaps.includes(keyword)) pushMap(value, childPointer, "schema");
    else if (schemaArrays.includes(keyword) && Array.isArray(value)) pushArray(value, childPointer, "schema");
    else if (schemaValued.includes(keyword) && isObject(value)) push(value, childPointer);
  }
}

function isObject(value: unknown): value is SpecObject {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

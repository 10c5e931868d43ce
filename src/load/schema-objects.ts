import { forEachSubschema } from "../json-schema/subschemas.js";
import { escapePointerSegment } from "../wire/json-pointer.js";

type SpecObject = Record<string, unknown>;

/** What a node is, by its place in an OpenAPI 3.0/3.1 document (OpenAPI 3.1 §4.8). */
export type ObjectPlace =
  | "document" | "components" | "pathItem" | "operation" | "parameter" | "header" | "requestBody" | "response" | "mediaType"
  | "callback" | "example" | "link" | "securityScheme" | "schema";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Calls `visit` with every object of an OpenAPI 3.0/3.1 document (or of a part of one: `place`
 * says what `root` is, `pointer` where it stands) that sits at a place the OpenAPI specification
 * gives a meaning (§4.8): path items, operations, parameters, headers, request bodies, responses,
 * media types, callbacks, examples, links, security schemes and Schema Objects with their
 * subschemas, under paths, webhooks, callbacks and components. Visits in document order, parents
 * before children. A Reference Object outside a schema is visited at the place it stands and not
 * entered; a schema with a `$ref` is visited and its other keywords entered. When `visit` returns
 * true the node's children are skipped. Iterative, so a document nested thousands of levels deep
 * cannot overflow the stack.
 */
export function forEachOpenApiObject(root: unknown, place: ObjectPlace, pointer: string, visit: (node: SpecObject, pointer: string, place: ObjectPlace) => boolean | void): void {
  const stack: { node: unknown; pointer: string; place: ObjectPlace }[] = [{ node: root, pointer, place }];
  const pushMap = (map: unknown, mapPointer: string, childPlace: ObjectPlace): void => {
    if (!isObject(map)) return;
    const entries = Object.entries(map);
    for (let index = entries.length - 1; index >= 0; index--) {
      stack.push({ node: entries[index]![1], pointer: `${mapPointer}/${escapePointerSegment(entries[index]![0])}`, place: childPlace });
    }
  };
  const pushArray = (array: unknown, arrayPointer: string, childPlace: ObjectPlace): void => {
    if (!Array.isArray(array)) return;
    for (let index = array.length - 1; index >= 0; index--) stack.push({ node: array[index], pointer: `${arrayPointer}/${index}`, place: childPlace });
  };
  const pushOne = (child: unknown, childPointer: string, childPlace: ObjectPlace): void => {
    if (child !== undefined) stack.push({ node: child, pointer: childPointer, place: childPlace });
  };
  while (stack.length > 0) {
    const { node, pointer: at, place: kind } = stack.pop()!;
    if (!isObject(node)) continue;
    if (visit(node, at, kind) === true) continue;
    // A Reference Object outside a schema is its target's business, visited where it is written.
    if (kind !== "schema" && typeof node["$ref"] === "string") continue;
    // Children are pushed last-first, so they are popped (visited) in document order.
    switch (kind) {
      case "document":
        pushOne(node["components"], `${at}/components`, "components");
        pushMap(node["webhooks"], `${at}/webhooks`, "pathItem");
        pushMap(node["paths"], `${at}/paths`, "pathItem");
        break;
      case "components":
        pushMap(node["securitySchemes"], `${at}/securitySchemes`, "securityScheme");
        pushMap(node["links"], `${at}/links`, "link");
        pushMap(node["examples"], `${at}/examples`, "example");
        pushMap(node["pathItems"], `${at}/pathItems`, "pathItem");
        pushMap(node["callbacks"], `${at}/callbacks`, "callback");
        pushMap(node["responses"], `${at}/responses`, "response");
        pushMap(node["requestBodies"], `${at}/requestBodies`, "requestBody");
        pushMap(node["headers"], `${at}/headers`, "header");
        pushMap(node["parameters"], `${at}/parameters`, "parameter");
        pushMap(node["schemas"], `${at}/schemas`, "schema");
        break;
      case "pathItem":
        for (let index = methods.length - 1; index >= 0; index--) pushOne(node[methods[index]!], `${at}/${methods[index]}`, "operation");
        pushArray(node["parameters"], `${at}/parameters`, "parameter");
        break;
      case "operation":
        pushMap(node["callbacks"], `${at}/callbacks`, "callback");
        pushMap(node["responses"], `${at}/responses`, "response");
        pushOne(node["requestBody"], `${at}/requestBody`, "requestBody");
        pushArray(node["parameters"], `${at}/parameters`, "parameter");
        break;
      case "callback":
        pushMap(node, at, "pathItem");
        break;
      case "parameter":
      case "header":
        pushMap(node["examples"], `${at}/examples`, "example");
        pushMap(node["content"], `${at}/content`, "mediaType");
        pushOne(node["schema"], `${at}/schema`, "schema");
        break;
      case "requestBody":
        pushMap(node["content"], `${at}/content`, "mediaType");
        break;
      case "response":
        pushMap(node["links"], `${at}/links`, "link");
        pushMap(node["content"], `${at}/content`, "mediaType");
        pushMap(node["headers"], `${at}/headers`, "header");
        break;
      case "mediaType":
        pushMap(node["examples"], `${at}/examples`, "example");
        if (isObject(node["encoding"])) {
          for (const [name, encoding] of Object.entries(node["encoding"]).reverse()) {
            if (isObject(encoding)) pushMap(encoding["headers"], `${at}/encoding/${escapePointerSegment(name)}/headers`, "header");
          }
        }
        pushOne(node["schema"], `${at}/schema`, "schema");
        break;
      case "schema": {
        const subschemas: { node: unknown; pointer: string; place: ObjectPlace }[] = [];
        forEachSubschema(node, (subschema, keyword, key) => {
          const keywordPointer = `${at}/${escapePointerSegment(keyword)}`;
          subschemas.push({ node: subschema, pointer: key === undefined ? keywordPointer : `${keywordPointer}/${escapePointerSegment(String(key))}`, place: "schema" });
        });
        // Pushed last first, so they are visited in the order they are written.
        for (let index = subschemas.length - 1; index >= 0; index--) stack.push(subschemas[index]!);
        break;
      }
      // Examples, links and security schemes hold no OpenAPI objects of their own.
    }
  }
}

/**
 * Calls `visit` with every Schema Object of a bundled OpenAPI 3.0/3.1 document, at the place it is
 * written, with its JSON pointer (`#/components/schemas/Book/properties/year`): component
 * schemas, the schemas of parameters, headers and media types (under paths, webhooks, callbacks
 * and components), and their subschemas. A Reference Object is not followed: its target is
 * visited where it is written, so each schema is visited once. Boolean schemas are skipped.
 */
export function forEachSchemaObject(document: unknown, visit: (schema: SpecObject, pointer: string) => void): void {
  forEachOpenApiObject(document, "document", "#", (node, pointer, place) => {
    if (place === "schema") visit(node, pointer);
  });
}

function isObject(value: unknown): value is SpecObject {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

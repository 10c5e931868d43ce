import type { ApiModel, MediaTypeContent } from "../model/ir.js";
import type { BodyView, NestedView, SchemaView } from "../model/views.js";
import { propertyKey, stringLiteral } from "./code/literals.js";
import type { Side } from "./operation-types.js";

/**
 * The type expressions of the request and response views (model/views.ts): a body's type as the
 * handler or the client sees it, and the `RequestSchemas`, `ClientRequestSchemas` and
 * `ResponseSchemas` interfaces handlers.ts declares, built over openapi-typescript's types by
 * `Omit<>`, `Pick<>` and indexed access.
 */

/**
 * A body's type as one end of the wire sees it (see model/views.ts): readOnly properties left out
 * of requests and writeOnly ones out of responses, properties with a default optional for the
 * client and present for the handler, at every depth the model found them.
 */
export function viewedType(type: string, content: MediaTypeContent, reader: Side): string {
  const view = content.view;
  if (!view) return type;
  if (view.schema !== undefined) {
    const named = `${viewsInterface(view.side, reader)}[${stringLiteral(view.schema)}]`;
    return view.items ? `${named}[]` : named;
  }
  // openapi-typescript types an inline request body's defaulted properties as optional.
  const rendered = nullableView(view.items ? `${type}[number]` : type, view.inline!, view.side, reader, view.side === "response");
  return view.items ? `(${rendered})[]` : rendered;
}

/**
 * The type expression of one view over `base`: `Omit<base, left out | replaced> & … & { replaced:
 * View }`. On the request side, properties with a default become optional for the client
 * (`Partial<Pick<…>>`) and present for the handler (`Required<Pick<…>>`, needed only where
 * openapi-typescript typed them optional: in inline request bodies, not in components, whose
 * defaulted properties it types as present). `componentBase`: `base` is typed the component way.
 */
function renderView(base: string, view: SchemaView, side: "request" | "response", reader: Side, componentBase: boolean): string {
  const defaults = new Set(side === "request" ? view.defaulted : []);
  const nested: { property: string; always: boolean; type: string }[] = [];
  for (const entry of view.nested) {
    const always = entry.required || (defaults.has(entry.property) && reader === "handler");
    const type = nestedType(base, entry, side, reader, componentBase);
    // An inline object that reads the same as in `base`, and is present exactly when `base` says so, needs no replacing.
    const asTyped = entry.required || (defaults.has(entry.property) && componentBase);
    if (type === undefined && always === asTyped) continue;
    nested.push({ property: entry.property, always, type: type ?? unchanged(base, entry) });
  }
  const replaced = new Set(nested.map((entry) => entry.property));
  const defaulted = [...defaults].filter((property) => !replaced.has(property));
  const optional = reader === "client" ? defaulted : [];
  const present = reader === "handler" && !componentBase ? defaulted : [];
  const union = (names: string[]): string => names.map(stringLiteral).join(" | ");
  const leftOut = [...view.omitted, ...optional, ...replaced];
  const parts = [leftOut.length > 0 ? `Omit<${base}, ${union(leftOut)}>` : base];
  if (optional.length > 0) parts.push(`Partial<Pick<${base}, ${union(optional)}>>`);
  if (present.length > 0) parts.push(`Required<Pick<${base}, ${union(present)}>>`);
  if (nested.length > 0) parts.push(`{ ${nested.map((entry) => `${propertyKey(entry.property)}${entry.always ? "" : "?"}: ${entry.type}`).join("; ")} }`);
  return parts.join(" & ");
}

/** The type of a nested view's property; undefined for an inline object whose view changes nothing on this side. */
function nestedType(base: string, nested: NestedView, side: "request" | "response", reader: Side, componentBase: boolean): string | undefined {
  if (nested.target !== undefined) return `${viewsInterface(side, reader)}[${stringLiteral(nested.target)}]${nested.array ? "[]" : ""}`;
  const property = `NonNullable<${base}[${stringLiteral(nested.property)}]>`;
  const itemBase = nested.array ? `${property}[number]` : property;
  const rendered = nullableView(itemBase, nested.inline!, side, reader, componentBase);
  if (rendered === itemBase) return undefined;
  return nested.array ? `(${rendered})[]` : rendered;
}

/**
 * {@link renderView} for a schema that may allow `null`: the view applies to the non-null part
 * (`(View<NonNullable<T>>) | null`), since `Omit<>`, `Pick<>` and indexed access do not see
 * through a union with `null`. `base` unchanged when nothing differs.
 */
function nullableView(base: string, view: SchemaView, side: "request" | "response", reader: Side, componentBase: boolean): string {
  if (!view.nullable) return renderView(base, view, side, reader, componentBase);
  const nonNull = isNonNullable(base) ? base : `NonNullable<${base}>`;
  const rendered = renderView(nonNull, view, side, reader, componentBase);
  return rendered === nonNull ? base : `(${rendered}) | null`;
}

/** A nested inline property's own type, for when only its presence changes. */
function unchanged(base: string, nested: NestedView): string {
  return `NonNullable<${base}[${stringLiteral(nested.property)}]>`;
}

/** The view interfaces a body's view names, read from `reader`'s end. */
function viewInterfacesOf(view: BodyView, reader: Side): string[] {
  const names = new Set<string>();
  const visit = (schema: SchemaView): void => {
    for (const nested of schema.nested) {
      if (nested.target !== undefined) names.add(viewsInterface(view.side, reader));
      else if (nested.inline) visit(nested.inline);
    }
  };
  if (view.schema !== undefined) names.add(viewsInterface(view.side, reader));
  else if (view.inline) visit(view.inline);
  return [...names];
}

/**
 * The view interfaces one end's types use, sorted: `RequestSchemas` and `ResponseSchemas` for the
 * handlers, `ClientRequestSchemas` and `ResponseSchemas` for the client.
 */
export function usedViewInterfaces(model: ApiModel, reader: Side): string[] {
  const used = new Set<string>();
  for (const operation of model.operations) {
    for (const content of operation.requestBody?.contents ?? []) if (content.view) for (const name of viewInterfacesOf(content.view, reader)) used.add(name);
    for (const response of operation.responses) for (const content of response.contents) if (content.view) for (const name of viewInterfacesOf(content.view, reader)) used.add(name);
  }
  return [...used].sort();
}

/**
 * The interface holding a side's schema views as one end reads them: `RequestSchemas` (what
 * handlers receive), `ClientRequestSchemas` (what clients send) or `ResponseSchemas` (both ends).
 */
export function viewsInterface(side: "request" | "response", reader: Side): string {
  if (side === "response") return "ResponseSchemas";
  return reader === "handler" ? "RequestSchemas" : "ClientRequestSchemas";
}

/** The doc comment of each view interface, line by line. */
const viewDocs: Record<string, string[]> = {
  RequestSchemas: [
    "The component schemas as handlers receive them in requests: `readOnly` properties left out",
    "(OpenAPI 3.1 §4.8.24.4) and properties with a `default` present (the server fills them in),",
    "at every depth.",
  ],
  ClientRequestSchemas: [
    "The component schemas as clients send them in requests: `readOnly` properties left out",
    "(OpenAPI 3.1 §4.8.24.4) and properties with a `default` optional (only `required` makes a",
    "property required, JSON Schema 2020-12 Validation §6.5.3; the server fills the default in),",
    "at every depth.",
  ],
  ResponseSchemas: ["The component schemas as responses carry them: `writeOnly` properties left out, at every", "depth (OpenAPI 3.1 §4.8.24.4)."],
};

/**
 * The statements declaring `RequestSchemas`, `ClientRequestSchemas` and `ResponseSchemas`: each
 * component schema that reads differently on that side (see model/views.ts and
 * {@link renderView}). Empty when no schema has a view.
 */
export function viewDeclarations(model: ApiModel): string[] {
  const statements: string[] = [];
  const sides = [["request", "handler"], ["request", "client"], ["response", "handler"]] as const;
  for (const [side, reader] of sides) {
    const views = model.schemaViews[side];
    const names = Object.keys(views);
    if (names.length === 0) continue;
    const name = viewsInterface(side, reader);
    const members = names.map((schema) => `  ${propertyKey(schema)}: ${nullableView(`components["schemas"][${stringLiteral(schema)}]`, views[schema]!, side, reader, true)};`);
    const docs = [...viewDocs[name]!, "Only the schemas that differ from `components[\"schemas\"]` (or from each other) are here."];
    statements.push(`/**\n${docs.map((line) => ` * ${line}`).join("\n")}\n */\nexport interface ${name} {\n${members.join("\n")}\n}`);
  }
  return statements;
}

/** Whether a type expression is all one `NonNullable<…>`. */
function isNonNullable(type: string): boolean {
  if (!type.startsWith("NonNullable<")) return false;
  let depth = 0;
  for (let index = "NonNullable".length; index < type.length; index++) {
    if (type[index] === "<") depth++;
    else if (type[index] === ">" && --depth === 0) return index === type.length - 1;
  }
  return false;
}

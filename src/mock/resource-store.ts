/**
 * The memory of `specwright mock --stateful`: resources created through a collection path are
 * kept, and the operations on their item path read, change and delete them, along the REST
 * conventions the fuzzer's stateful checks follow (`POST /things` → `GET|PUT|PATCH|DELETE
 * /things/{id}`, src/fuzz/stateful.ts), and along the `links` of the creating response (OpenAPI
 * 3.1 §4.8.20: a link to `getUserByName` with `username: $response.body#/username` makes that
 * operation find the created user by its name).
 */
import type { ApiModel, HttpMethod, JsonSchema, Operation, Parameter } from "../model/ir.js";
import { dereferenced } from "../fuzz/arbitraries.js";
import { parameterSchemaPointer } from "../fuzz/requests.js";
import { evaluateExpression, isItemPathOf, linkParameter, linksOf } from "../fuzz/stateful.js";
import { stableText } from "../fuzz/arbitraries.js";
import type { ValueGenerator } from "./generate-value.js";

/** What an operation does to the stored resources. */
export type ResourceRole = "create" | "list" | "read" | "replace" | "update" | "delete";

/** A handler's view of a request, as the runtime hands it over. */
export interface RequestParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
  body: unknown;
}

/** One stored resource. */
interface Resource {
  collection: string;
  /** The text of its parent path parameters (`/users/{uid}/things`: uid), for listing. */
  parents: string;
  body: Record<string, unknown>;
  deleted: boolean;
}

/** The CRUD family of one creating operation. */
interface Family {
  create: Operation;
  /** The item path's parameter naming one resource (`bookId` of `/books/{bookId}`). */
  idParameter?: Parameter;
  itemPath?: string;
  /** The body property holding the id, from the creating response's schema (`bookId`, else `id`). */
  idProperty?: string;
  idIsString: boolean;
  next: number;
  /** The ids handed out, as key text. */
  used: Set<string>;
}

/** Thrown when the store is full. */
export class StoreFullError extends Error {}

const itemRoles: Partial<Record<HttpMethod, ResourceRole>> = { get: "read", put: "replace", patch: "update", delete: "delete" };

/** The resources of one mock server, in memory; at most `limit` alive at once. */
export class ResourceStore {
  private readonly roles = new Map<Operation, { role: ResourceRole; family: Family; keys: (readonly [Parameter["in"], string])[][] }>();
  private readonly resources = new Map<string, Resource>();
  private alive = 0;

  constructor(private readonly model: ApiModel, private readonly generator: ValueGenerator, private readonly limit = 10_000) {
    for (const create of model.operations) {
      if (create.method !== "post") continue;
      const items = model.operations.filter((operation) => isItemPathOf(operation.path, create.path) && itemRoles[operation.method]);
      const links = linksOf(model, create).filter((link) => itemRoles[link.target.method]);
      if (items.length === 0 && links.length === 0) continue;
      const idName = items[0] ? /\{([^}]+)\}$/.exec(items[0].path)![1]! : undefined;
      const idParameter = items[0]?.parameters.find((parameter) => parameter.in === "path" && parameter.name === idName);
      const idProperty = this.idPropertyOf(create, idName);
      const family: Family = { create, ...(idParameter ? { idParameter, itemPath: items[0]!.path } : {}), ...idProperty, next: 1, used: new Set() };
      this.roles.set(create, { role: "create", family, keys: [] });
      const list = model.operations.find((operation) => operation.method === "get" && operation.path === create.path);
      if (list && this.returnsArray(list)) this.roles.set(list, { role: "list", family, keys: [] });
      for (const item of items) {
        const keys = item.parameters.filter((parameter) => parameter.in === "path").map((parameter) => ["path", parameter.name] as const);
        if (!this.roles.has(item)) this.roles.set(item, { role: itemRoles[item.method]!, family, keys: [keys] });
      }
      for (const link of links) {
        const keys = Object.keys(link.parameters).flatMap((key) => {
          const parameter = linkParameter(link, key);
          return parameter ? [[parameter.in, parameter.name] as const] : [];
        });
        const known = this.roles.get(link.target);
        if (!known) this.roles.set(link.target, { role: itemRoles[link.target.method]!, family, keys: [keys] });
        else if (known.family === family && known.role !== "create" && known.role !== "list") known.keys.push(keys);
      }
    }
  }

  /** What `operation` does to stored resources; undefined when it is not part of a CRUD family. */
  roleOf(operation: Operation): ResourceRole | undefined {
    return this.roles.get(operation)?.role;
  }

  /**
   * Stores what a creating request made: the generated (or example) response body, the request
   * body's properties over it, and a fresh id in the id property. Returns the stored body and its
   * item URL path (for `Location`); undefined when the body is not an object that can carry the
   * id (nothing is stored then). Throws {@link StoreFullError} past the limit.
   */
  create(operation: Operation, request: RequestParts, responseBody: unknown, basePath: string): { body: Record<string, unknown>; location?: string } | undefined {
    const entry = this.roles.get(operation);
    if (entry?.role !== "create" || !responseBody || typeof responseBody !== "object" || Array.isArray(responseBody)) return undefined;
    const family = entry.family;
    if (this.alive >= this.limit) throw new StoreFullError(`the mock keeps at most ${this.limit} resources; delete some, or restart it`);
    const body: Record<string, unknown> = { ...(responseBody as Record<string, unknown>) };
    if (request.body && typeof request.body === "object" && !Array.isArray(request.body)) Object.assign(body, request.body);
    const id = this.nextId(family);
    if (family.idProperty !== undefined) body[family.idProperty] = family.idIsString ? String(id) : id;
    const resource: Resource = { collection: family.create.path, parents: keyText(request.path), body, deleted: false };
    let location: string | undefined;
    if (family.idParameter && family.itemPath) {
      const path = { ...request.path, [family.idParameter.name]: id };
      this.resources.set(this.itemKey(family.itemPath, path), resource);
      location = basePath + family.itemPath.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(String(path[name])));
    }
    const exchange = {
      request: { path: request.path, query: request.query, header: request.headers, body: request.body },
      response: { body, header: (name: string) => (name.toLowerCase() === "location" ? location : undefined) },
    };
    for (const link of linksOf(this.model, family.create)) {
      const target = this.roles.get(link.target);
      if (!target || target.family !== family || target.role === "create" || target.role === "list") continue;
      const values: Record<string, unknown> = {};
      for (const [key, expression] of Object.entries(link.parameters)) {
        const parameter = linkParameter(link, key);
        if (parameter) values[`${parameter.in}.${parameter.name}`] = evaluateExpression(expression, exchange);
      }
      if (Object.values(values).some((value) => value === undefined)) continue;
      this.resources.set(`${link.target.operationId} ${keyText(values)}`, resource);
    }
    this.alive += 1;
    return { body, ...(location !== undefined ? { location } : {}) };
  }

  /** The stored resource a read, replace, update or delete names; undefined when there is none (404). */
  find(operation: Operation, request: RequestParts): { body: Record<string, unknown> } | undefined {
    const entry = this.roles.get(operation);
    if (!entry) return undefined;
    for (const keys of entry.keys) {
      const values: Record<string, unknown> = {};
      for (const [location, name] of keys) values[`${location}.${name}`] = partOf(request, location)[name];
      const key = keys.every(([location]) => location === "path") && operation.path === entry.family.itemPath
        ? this.itemKey(operation.path, request.path)
        : `${operation.operationId} ${keyText(values)}`;
      const resource = this.resources.get(key);
      if (resource && !resource.deleted) return resource;
    }
    return undefined;
  }

  /** Changes a found resource: the request body's properties over the stored ones (PUT and PATCH alike). */
  change(resource: { body: Record<string, unknown> }, request: RequestParts): void {
    if (request.body && typeof request.body === "object" && !Array.isArray(request.body)) Object.assign(resource.body, request.body);
  }

  /** Deletes a found resource: no operation finds it afterwards. */
  remove(resource: { body: Record<string, unknown> }): void {
    const stored = resource as Resource;
    if (stored.deleted) return;
    stored.deleted = true;
    this.alive -= 1;
    for (const [key, value] of this.resources) if (value === stored) this.resources.delete(key);
  }

  /** The bodies of the resources a list operation's collection holds, under the same parent path parameters, oldest first. */
  list(operation: Operation, request: RequestParts): Record<string, unknown>[] {
    const entry = this.roles.get(operation);
    if (entry?.role !== "list") return [];
    const parents = keyText(request.path);
    const seen = new Set<Resource>();
    for (const resource of this.resources.values()) if (resource.collection === entry.family.create.path && resource.parents === parents && !resource.deleted) seen.add(resource);
    return [...seen].map((resource) => resource.body);
  }

  private itemKey(itemPath: string, path: Record<string, unknown>): string {
    return `${itemPath} ${keyText(path)}`;
  }

  /** A fresh id for the family's id parameter: 1, 2, 3… as its schema allows, else a generated value not used yet. */
  private nextId(family: Family): unknown {
    const parameter = family.idParameter;
    for (let attempt = 0; attempt < 20; attempt++) {
      const count = family.next++;
      if (!parameter) return count;
      const pointer = parameterSchemaPointer(this.model.document, parameter);
      const schema = dereferenced(parameter.schema, { resolve: this.resolve });
      const isString = typeof schema === "object" && (schema["type"] === "string" || (Array.isArray(schema["type"]) && schema["type"].includes("string")));
      const candidate = isString && typeof schema === "object" && schema["format"] === "uuid" ? `00000000-0000-4000-8000-${count.toString(16).padStart(12, "0")}` : isString ? String(count) : count;
      const value = this.generator.isValid(pointer, "request", candidate) ? candidate : this.generator.generate(parameter.schema, pointer, `${family.create.operationId} id ${count}`, { channel: "url" });
      if (family.used.has(keyText({ id: value }))) continue;
      family.used.add(keyText({ id: value }));
      return value;
    }
    throw new StoreFullError(`no new value for ${parameter?.name ?? "id"} could be found`);
  }

  /** The creating response's property that carries the id: the id parameter's name, else `id`; whether it is a string. */
  private idPropertyOf(create: Operation, idName: string | undefined): { idProperty?: string; idIsString: boolean } {
    const success = create.responses.find((response) => /^2/.test(response.status) && response.contents.length > 0);
    const properties = propertiesOf(success?.contents[0]?.schema, this.resolve);
    const name = idName !== undefined && Object.hasOwn(properties, idName) ? idName : Object.hasOwn(properties, "id") ? "id" : undefined;
    if (name === undefined) return { idIsString: false };
    const property = dereferenced(properties[name]!, { resolve: this.resolve });
    return { idProperty: name, idIsString: typeof property === "object" && property["type"] === "string" };
  }

  /** Whether a list operation's success response is a JSON array (then it lists the stored resources). */
  private returnsArray(operation: Operation): boolean {
    const success = operation.responses.find((response) => /^2/.test(response.status) && response.contents.length > 0);
    const schema = success?.contents[0]?.schema;
    const resolved = schema === undefined ? undefined : dereferenced(schema, { resolve: this.resolve });
    return typeof resolved === "object" && (resolved["type"] === "array" || resolved["items"] !== undefined);
  }

  private readonly resolve = (ref: string): JsonSchema | undefined => this.model.referencedSchemas[ref];
}

/** The properties an object schema declares, through `$ref`s and `allOf` members (a few levels deep). */
function propertiesOf(schema: JsonSchema | undefined, resolve: (ref: string) => JsonSchema | undefined, depth = 0): Record<string, JsonSchema> {
  if (schema === undefined || depth > 8) return {};
  const resolved = dereferenced(schema, { resolve });
  if (typeof resolved !== "object") return {};
  const own = resolved["properties"] && typeof resolved["properties"] === "object" ? (resolved["properties"] as Record<string, JsonSchema>) : {};
  const members = Array.isArray(resolved["allOf"]) ? (resolved["allOf"] as JsonSchema[]) : [];
  return Object.assign({}, ...members.map((member) => propertiesOf(member, resolve, depth + 1)), own) as Record<string, JsonSchema>;
}

/** A request part by a parameter's `in`. */
function partOf(request: RequestParts, location: Parameter["in"]): Record<string, unknown> {
  switch (location) {
    case "path":
      return request.path;
    case "query":
      return request.query;
    case "header":
      return request.headers;
    case "cookie":
      return request.cookies;
  }
}

/**
 * A lookup key for parameter values: names sorted, scalars as text, so the number `7` read from a
 * path and the string `"7"` read from a body name the same resource.
 */
function keyText(values: Record<string, unknown>): string {
  const scalars = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value !== null && typeof value === "object" ? stableText(value) : String(value)]));
  return stableText(scalars);
}

import { createRecord } from "../wire/records.js";
import type { RouteDefinition } from "./route-definition.js";

/**
 * A segment trie built once from the route table. Match order at each segment, documented and
 * tested: a static segment first, then segments that mix text and parameters
 * (`{name}.json`), then a whole-segment parameter; backtracking tries the next kind when a deeper
 * match fails. So `/books/featured` beats `/books/{bookId}` whatever the order in the spec.
 *
 * Paths are matched on raw (still percent-encoded) segments: `a%2Fb` is one segment, decoded to
 * `a/b` only as a parameter value (RFC 3986 §2.2: an encoded reserved character is data, not a
 * delimiter); `..` is never normalised, so it cannot lead to another route.
 */
export class Router {
  private readonly root = new TrieNode();
  /**
   * Nodes of paths that consist of static segments only, by raw path: one Map lookup instead of
   * a walk. Same answer as the walk, which tries static children first at every segment.
   */
  private readonly staticPaths = new Map<string, TrieNode>();

  /**
   * `basePath` (`""` or `/api/v1`, no trailing slash) prefixes every route's path: OpenAPI 3.1
   * §4.8.8, "the path is appended to the URL from the Server Object".
   */
  constructor(routes: readonly RouteDefinition[], basePath = "") {
    for (const route of routes) this.add(route, basePath + route.path);
  }

  private add(route: RouteDefinition, path: string): void {
    let node = this.root;
    for (const segment of splitPath(path)) {
      const names = [...segment.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      if (names.length === 0) {
        node = getOrCreate(node.staticChildren, segment);
      } else if (names.length === 1 && segment === `{${names[0]}}`) {
        node.parameterChild ??= { names: [], node: new TrieNode() };
        node.parameterChild.names.push(names[0]!);
        node = node.parameterChild.node;
      } else {
        const pattern = new RegExp(
          "^" + segment.split(/\{[^}]+\}/).map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("([^/]+?)") + "$",
        );
        let child = node.patternChildren.find((candidate) => candidate.source === segment);
        if (!child) {
          child = { source: segment, pattern, names, node: new TrieNode() };
          node.patternChildren.push(child);
        }
        node = child.node;
      }
    }
    const method = route.method.toUpperCase();
    const existing = node.routes.get(method);
    if (existing) throw new Error(`two routes for ${method} at one path: ${existing.route.path} (${existing.route.operationId}) and ${route.path} (${route.operationId}); regenerate the route table (specwright generate refuses such specs)`);
    node.routes.set(method, { route, parameterNames: parameterNamesOf(route.path) });
    if (!path.includes("{")) this.staticPaths.set(path.startsWith("/") ? path : `/${path}`, node);
  }

  /** The methods declared for a raw path (HEAD added beside GET, OPTIONS always), or undefined for an unknown path. */
  methodsAt(path: string): string[] | undefined {
    const node = matchNode(this.root, splitPath(path), 0, []);
    if (!node) return undefined;
    const methods = new Set(node.routes.keys());
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    return [...methods].sort();
  }

  /**
   * Finds the route for a method and raw path (no query). Returns the route with its raw
   * (undecoded) path parameter texts, or the allowed methods when the path exists without that
   * method (→ 405), or undefined (→ 404). `HEAD` falls back to `GET` (RFC 9110 §9.3.2).
   */
  find(method: string, path: string): RouteMatch | { allowed: string[] } | undefined {
    const values: string[] = [];
    const node = this.staticPaths.get(path) ?? matchNode(this.root, splitPath(path), 0, values);
    if (!node) return undefined;
    const entry = node.routes.get(method) ?? (method === "HEAD" ? node.routes.get("GET") : undefined);
    if (!entry) {
      const allowed = [...node.routes.keys()];
      if (allowed.includes("GET") && !allowed.includes("HEAD")) allowed.push("HEAD");
      return { allowed: allowed.sort() };
    }
    const names = entry.parameterNames;
    if (names.length === 0) return { route: entry.route, rawParameters: noRawParameters };
    const rawParameters = createRecord<string>();
    for (let index = 0; index < names.length; index++) rawParameters[names[index]!] = values[index] ?? "";
    return { route: entry.route, rawParameters };
  }
}

/** A matched route and its raw path parameter texts, by parameter name. */
export interface RouteMatch {
  route: RouteDefinition;
  rawParameters: Record<string, string>;
}

/** The raw parameters of a route without path parameters: shared, frozen. */
const noRawParameters: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

class TrieNode {
  readonly staticChildren = new Map<string, TrieNode>();
  readonly patternChildren: { source: string; pattern: RegExp; names: string[]; node: TrieNode }[] = [];
  parameterChild: { names: string[]; node: TrieNode } | undefined;
  readonly routes = new Map<string, { route: RouteDefinition; parameterNames: string[] }>();
}

function getOrCreate(map: Map<string, TrieNode>, key: string): TrieNode {
  let node = map.get(key);
  if (!node) {
    node = new TrieNode();
    map.set(key, node);
  }
  return node;
}

function matchNode(node: TrieNode, segments: string[], index: number, values: string[]): TrieNode | undefined {
  if (index === segments.length) return node.routes.size > 0 ? node : undefined;
  const segment = segments[index]!;
  const staticChild = node.staticChildren.get(segment);
  if (staticChild) {
    const found = matchNode(staticChild, segments, index + 1, values);
    if (found) return found;
  }
  for (const child of node.patternChildren) {
    const match = child.pattern.exec(segment);
    if (!match) continue;
    const mark = values.length;
    values.push(...match.slice(1));
    const found = matchNode(child.node, segments, index + 1, values);
    if (found) return found;
    values.length = mark;
  }
  if (node.parameterChild && segment !== "") {
    values.push(segment);
    const found = matchNode(node.parameterChild.node, segments, index + 1, values);
    if (found) return found;
    values.pop();
  }
  return undefined;
}

/** `/a/b/` → `["a", "b", ""]`; `/` → `[""]`. The leading slash is dropped. */
function splitPath(path: string): string[] {
  return (path.startsWith("/") ? path.slice(1) : path).split("/");
}

function parameterNamesOf(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

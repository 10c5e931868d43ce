import { describe, expect, it } from "vitest";
import type { RouteDefinition } from "../../src/runtime/route-definition.js";
import { Router, type RouteMatch } from "../../src/runtime/router.js";

/** A route with only the fields the router reads (method, path) plus an id to tell them apart. */
function route(method: string, path: string, operationId = `${method} ${path}`): RouteDefinition {
  return { operationId, handler: operationId, method, path } as RouteDefinition;
}

/** Finds a route and insists it matched (not 404, not 405). */
function match(router: Router, method: string, path: string): RouteMatch {
  const found = router.find(method, path);
  if (found === undefined) throw new Error(`expected ${method} ${path} to match, got 404`);
  if ("allowed" in found) throw new Error(`expected ${method} ${path} to match, got 405 ${found.allowed.join(",")}`);
  return found;
}

describe("Router: static segments beat parameters", () => {
  it.each([
    ["static declared first", [route("GET", "/books/featured", "featured"), route("GET", "/books/{bookId}", "byId")]],
    ["parameter declared first", [route("GET", "/books/{bookId}", "byId"), route("GET", "/books/featured", "featured")]],
  ])("/books/featured vs /books/{bookId} (%s)", (_label, routes) => {
    const router = new Router(routes);
    const featured = match(router, "GET", "/books/featured");
    expect(featured.route.operationId).toBe("featured");
    expect({ ...featured.rawParameters }).toEqual({});

    const byId = match(router, "GET", "/books/42");
    expect(byId.route.operationId).toBe("byId");
    expect(byId.rawParameters["bookId"]).toBe("42");
  });

  it.each([
    ["static first", [route("GET", "/a/b/d", "static"), route("GET", "/a/{x}/c", "param")]],
    ["parameter first", [route("GET", "/a/{x}/c", "param"), route("GET", "/a/b/d", "static")]],
  ])("backtracks from a static dead end into the parameter branch (%s)", (_label, routes) => {
    const router = new Router(routes);
    // `b` matches the static child first, which has no `c` below it: the router must back up.
    const backtracked = match(router, "GET", "/a/b/c");
    expect(backtracked.route.operationId).toBe("param");
    expect(backtracked.rawParameters["x"]).toBe("b");

    expect(match(router, "GET", "/a/b/d").route.operationId).toBe("static");
    expect(match(router, "GET", "/a/zzz/c").rawParameters["x"]).toBe("zzz");
    expect(router.find("GET", "/a/zzz/d")).toBeUndefined();
  });

  it("does not leak a value captured in an abandoned branch into the parameters", () => {
    const router = new Router([route("GET", "/p/{first}/x/y", "deep"), route("GET", "/p/{a}/{b}/z", "other")]);
    const found = match(router, "GET", "/p/one/x/z");
    expect(found.route.operationId).toBe("other");
    expect({ ...found.rawParameters }).toEqual({ a: "one", b: "x" });
  });
});

describe("Router: not found and method not allowed", () => {
  const router = new Router([
    route("GET", "/books"),
    route("POST", "/books"),
    route("DELETE", "/books/{bookId}"),
    route("PUT", "/books/{bookId}"),
  ]);

  it.each(["/", "/nope", "/books/1/extra", "/book", "/Books", ""])("returns undefined (404) for unknown path %j", (path) => {
    expect(router.find("GET", path)).toBeUndefined();
  });

  it("returns the allowed methods, sorted, with HEAD added when GET exists", () => {
    expect(router.find("PATCH", "/books")).toEqual({ allowed: ["GET", "HEAD", "POST"] });
  });

  it("does not add HEAD when the path has no GET", () => {
    expect(router.find("GET", "/books/7")).toEqual({ allowed: ["DELETE", "PUT"] });
    expect(router.find("HEAD", "/books/7")).toEqual({ allowed: ["DELETE", "PUT"] });
  });

  it("does not list HEAD twice when it is declared explicitly", () => {
    const withHead = new Router([route("GET", "/x"), route("HEAD", "/x", "explicitHead")]);
    expect(withHead.find("POST", "/x")).toEqual({ allowed: ["GET", "HEAD"] });
    expect(match(withHead, "HEAD", "/x").route.operationId).toBe("explicitHead");
  });

  it("answers HEAD with the GET route when no HEAD route exists", () => {
    const found = match(router, "HEAD", "/books");
    expect(found.route.method).toBe("GET");
    expect(found.route.path).toBe("/books");
  });

  it("matches the method exactly as given (the caller upper-cases it)", () => {
    expect(router.find("get", "/books")).toEqual({ allowed: ["GET", "HEAD", "POST"] });
  });
});

describe("Router: segment kinds", () => {
  it("matches segments that mix text and a parameter", () => {
    const router = new Router([route("GET", "/files/{name}.json", "json"), route("GET", "/files/{name}", "plain")]);
    const json = match(router, "GET", "/files/report.json");
    expect(json.route.operationId).toBe("json");
    expect(json.rawParameters["name"]).toBe("report");

    expect(match(router, "GET", "/files/archive.tar.json").rawParameters["name"]).toBe("archive.tar");

    const plain = match(router, "GET", "/files/report.xml");
    expect(plain.route.operationId).toBe("plain");
    expect(plain.rawParameters["name"]).toBe("report.xml");
  });

  it("requires the literal part of a mixed segment", () => {
    const router = new Router([route("GET", "/files/{name}.json")]);
    expect(router.find("GET", "/files/report.jsonx")).toBeUndefined();
    expect(router.find("GET", "/files/.json")).toBeUndefined();
    // A regex metacharacter in the literal text is matched literally.
    expect(router.find("GET", "/files/reportXjson")).toBeUndefined();
  });

  it("captures several parameters in one segment", () => {
    const router = new Router([route("GET", "/range/{from}-{to}")]);
    expect({ ...match(router, "GET", "/range/3-9").rawParameters }).toEqual({ from: "3", to: "9" });
  });

  it("treats a percent-encoded slash as part of one parameter and returns it undecoded", () => {
    const router = new Router([route("GET", "/books/{bookId}"), route("GET", "/books/{bookId}/pages")]);
    const found = match(router, "GET", "/books/a%2Fb");
    expect(found.route.path).toBe("/books/{bookId}");
    expect(found.rawParameters["bookId"]).toBe("a%2Fb");
    expect(match(router, "GET", "/books/a%2Fb/pages").rawParameters["bookId"]).toBe("a%2Fb");
  });

  it("treats a trailing slash as a different path", () => {
    const router = new Router([route("GET", "/books"), route("GET", "/authors/{id}")]);
    expect(router.find("GET", "/books")).toBeDefined();
    expect(router.find("GET", "/books/")).toBeUndefined();
    expect(router.find("GET", "/authors/1/")).toBeUndefined();
    // An empty segment never fills a parameter.
    expect(router.find("GET", "/authors/")).toBeUndefined();
  });

  it("matches a route declared with a trailing slash only with the slash", () => {
    const router = new Router([route("GET", "/books/")]);
    expect(router.find("GET", "/books/")).toBeDefined();
    expect(router.find("GET", "/books")).toBeUndefined();
  });

  it("returns parameters under the names of the matched route's own template", () => {
    const router = new Router([route("GET", "/users/{userId}", "get"), route("DELETE", "/users/{id}", "delete")]);
    expect({ ...match(router, "GET", "/users/5").rawParameters }).toEqual({ userId: "5" });
    expect({ ...match(router, "DELETE", "/users/5").rawParameters }).toEqual({ id: "5" });
  });

  it("does not normalise dot segments", () => {
    const router = new Router([route("GET", "/a/{x}"), route("GET", "/b")]);
    expect(match(router, "GET", "/a/..").rawParameters["x"]).toBe("..");
    expect(router.find("GET", "/a/../b")).toBeUndefined();
  });
});

describe("Router: construction", () => {
  it("throws on a duplicate method and path", () => {
    expect(() => new Router([route("GET", "/books"), route("GET", "/books")])).toThrow(/two routes for GET at one path: \/books \(.*\) and \/books/);
  });

  it("throws when two templates differ only in parameter names", () => {
    // The message names both templates (it used to name neither).
    expect(() => new Router([route("GET", "/books/{a}"), route("get", "/books/{b}")])).toThrow(/\/books\/\{a\}.*\/books\/\{b\}/);
  });

  it("accepts the same path with different methods", () => {
    expect(() => new Router([route("GET", "/books"), route("POST", "/books")])).not.toThrow();
  });
});

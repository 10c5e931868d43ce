/**
 * The documentation endpoints over a real socket: `/openapi.json`, Swagger UI at `/docs` with its
 * files from swagger-ui-dist, path traversal, turning them off, custom paths, and a hostile
 * `info.title` (HTML-escaped in the page, `<` escaped as `\u003c` in inline JSON: no script
 * injection, CWE-79).
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import net from "node:net";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type ApiDefinition, type ApiServer, type ServerOptions } from "specwright/runtime";
import { scriptJson } from "../../src/runtime/docs.js";
import { exampleServer } from "../helpers/example.js";
import { startServer } from "../helpers/server.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

async function start(server: ApiServer): Promise<{ url: string; port: number }> {
  const started = await startServer(server);
  stops.push(started.stop);
  return started;
}

/** Sends a request target as is (fetch and curl would normalise `..`), returns the status code. */
function rawStatus(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1])));
    socket.on("error", reject);
  });
}

const hostileTitle = "</title><script>alert(1)</script>";

/** A document with no paths whose `info.title` is `title`. */
function emptyDocument(title: string): object {
  return { openapi: "3.1.0", info: { title, version: "1.0.0" }, paths: {} };
}

/** An API with no routes, built by hand, whose document (or document function) is `document`. */
function documentOnlyServer(title: string, options: ServerOptions<object> = {}, document: ApiDefinition["document"] = emptyDocument(title)): ApiServer {
  const api: ApiDefinition = { title, version: "1.0.0", routes: [], securitySchemes: {}, document };
  return createServer(api, {}, { logger: false, ...options });
}

describe("/openapi.json and /docs", () => {
  it("serves the bundled document at /openapi.json", async () => {
    const { url } = await start(exampleServer());
    const response = await fetch(`${url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const document = await response.json();
    expect(document.info.title).toBe("Bookstore");
    expect(document).toEqual(JSON.parse(await readFile("generated/openapi.json", "utf8")));
    // A query string does not change the route; the entity tag gives a 304.
    const again = await fetch(`${url}/openapi.json?v=2`, { headers: { "if-none-match": response.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("serves the same document as YAML at /openapi.yaml", async () => {
    const { url } = await start(exampleServer());
    const response = await fetch(`${url}/openapi.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    const { parse } = await import("yaml");
    expect(parse(await response.text())).toEqual(JSON.parse(await readFile("generated/openapi.json", "utf8")));
  });

  it("serves Swagger UI at /docs pointing at /openapi.json and at local assets only", async () => {
    const { url } = await start(exampleServer());
    const response = await fetch(`${url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<title>Bookstore - Swagger UI</title>");
    expect(html).toContain('"url":"/openapi.json"');
    for (const asset of ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png"]) {
      expect(html).toContain(`"/docs/${asset}"`);
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${url}/docs/`)).status).toBe(200);
  });

  it("serves the swagger-ui-dist files with their content types", async () => {
    const { url } = await start(exampleServer());
    const folder = createRequire(import.meta.url).resolve("swagger-ui-dist/package.json").replace(/package\.json$/, "");
    const script = await fetch(`${url}/docs/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^(?:text|application)\/javascript\b/);
    expect(Buffer.from(await script.arrayBuffer()).equals(await readFile(`${folder}swagger-ui-bundle.js`))).toBe(true);
    const preset = await fetch(`${url}/docs/swagger-ui-standalone-preset.js`);
    expect(preset.headers.get("content-type")).toMatch(/^(?:text|application)\/javascript\b/);
    await preset.arrayBuffer();
    const css = await fetch(`${url}/docs/swagger-ui.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    await css.arrayBuffer();
    const icon = await fetch(`${url}/docs/favicon-32x32.png`);
    expect(icon.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await icon.arrayBuffer()).subarray(1, 4).toString()).toBe("PNG");
    const head = await fetch(`${url}/docs/swagger-ui.css`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${url}/docs`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 404 to path traversal and to files the page does not use", async () => {
    const { port } = await start(exampleServer());
    expect(await rawStatus(port, "/docs/../package.json")).toBe(404);
    expect(await rawStatus(port, "/docs/%2e%2e/x")).toBe(404);
    expect(await rawStatus(port, "/docs/%2e%2e/package.json")).toBe(404);
    expect(await rawStatus(port, "/docs/..%2fpackage.json")).toBe(404);
    expect(await rawStatus(port, "/docs/package.json")).toBe(404);
    expect(await rawStatus(port, "/docs/swagger-ui%2ecss")).toBe(404);
    expect(await rawStatus(port, "/docs//swagger-ui.css")).toBe(404);
    expect(await rawStatus(port, "/docs/__proto__")).toBe(404);
    expect(await rawStatus(port, "/docs/swagger-ui.css")).toBe(200);
  });

  it("turns both off with docs: false, leaving the API routes", async () => {
    const { url } = await start(exampleServer({ docs: false }));
    expect((await fetch(`${url}/openapi.json`)).status).toBe(404);
    expect((await fetch(`${url}/docs`)).status).toBe(404);
    expect((await fetch(`${url}/docs/swagger-ui-bundle.js`)).status).toBe(404);
    expect((await fetch(`${url}/books/1`)).status).toBe(200);
  });

  it("serves them at custom paths, and no longer at the defaults", async () => {
    const { url } = await start(exampleServer({ docs: { openApiPath: "/spec/v1.json", docsPath: "/reference/ui" } }));
    const document = await fetch(`${url}/spec/v1.json`);
    expect(document.status).toBe(200);
    expect((await document.json()).info.title).toBe("Bookstore");
    const html = await (await fetch(`${url}/reference/ui`)).text();
    expect(html).toContain('"url":"/spec/v1.json"');
    expect(html).toContain('src="/reference/ui/swagger-ui-bundle.js"');
    expect((await fetch(`${url}/reference/ui/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${url}/openapi.json`)).status).toBe(404);
    expect((await fetch(`${url}/docs`)).status).toBe(404);
  });

  it("refuses invalid paths at startup", () => {
    expect(() => exampleServer({ docs: { docsPath: "docs" } })).toThrow(/docs\.docsPath/);
    expect(() => exampleServer({ docs: { docsPath: "/docs/" } })).toThrow(/docs\.docsPath/);
    expect(() => exampleServer({ docs: { openApiPath: "/a/../openapi.json" } })).toThrow(/docs\.openApiPath/);
    expect(() => exampleServer({ docs: { docsPath: "/x<script>" } })).toThrow(/docs\.docsPath/);
    expect(() => exampleServer({ docs: { openApiPath: "/same", docsPath: "/same" } })).toThrow(/both/);
  });

  it("escapes a hostile info.title in the page and keeps it intact in the document", async () => {
    const { url } = await start(documentOnlyServer(hostileTitle));
    const html = await (await fetch(`${url}/docs`)).text();
    expect(html).not.toContain("alert(1)</script>");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("<title>&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62; - Swagger UI</title>");
    expect(html.match(/<\/title>/g)).toHaveLength(1);
    // Every script element is one of the page's own: two files and the inline configuration.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    const document = await (await fetch(`${url}/openapi.json`)).json();
    expect(document.info.title).toBe(hostileTitle);
  });

  it("escapes < in inline JSON as \\u003c", () => {
    const text = scriptJson({ title: hostileTitle, comment: "<!-- & \u2028" });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(text).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(text)).toEqual({ title: hostileTitle, comment: "<!-- & \u2028" });
  });

  it("calls a document function once, on the first request for the document: not at start-up, not for the /docs page", async () => {
    let calls = 0;
    const { url } = await start(documentOnlyServer("Loaded late", { basePath: "/api" }, () => (calls++, emptyDocument("Loaded late"))));
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    expect(calls).toBe(0);
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as { info: { title: string }; servers: unknown };
    expect(document.info.title).toBe("Loaded late");
    // The server's own base path replaces the document's servers, as for a document given as a value.
    expect(document.servers).toEqual([{ url: "/api" }]);
    expect((await fetch(`${url}/openapi.yaml`)).status).toBe(200);
    expect(calls).toBe(1);
  });

  it("answers 500 with problem details when the document function throws, and tries again on the next request", async () => {
    let calls = 0;
    const readDocument = (): object => {
      // The first two reads fail (a file being replaced, say); the third succeeds.
      if (++calls <= 2) throw new Error("Cannot find module './openapi.cjs'");
      return emptyDocument("Unreadable document");
    };
    const { url } = await start(documentOnlyServer("Unreadable document", {}, readDocument));
    const response = await fetch(`${url}/openapi.json`);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.text()).not.toContain("openapi.cjs");
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    // A failed YAML rendering is not kept either.
    expect((await fetch(`${url}/openapi.yaml`)).status).toBe(500);
    expect((await fetch(`${url}/openapi.yaml`)).status).toBe(200);
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
  });

  it("generated routes fail at start-up, not at the first /openapi.json, when a build left out openapi.cjs", async () => {
    // Inside the repository, so the compiled routes resolve specwright/runtime (package self-reference).
    await mkdir(".test-output", { recursive: true });
    const folder = await mkdtemp(path.resolve(".test-output", "missing-document-"));
    stops.push(() => rm(folder, { recursive: true, force: true }));
    for (const file of await readdir("dist/generated")) {
      if (/\.(js|cjs)$/.test(file) && file !== "openapi.cjs") await copyFile(path.join("dist/generated", file), path.join(folder, file));
    }
    const load = `await import(${JSON.stringify(path.join(folder, "routes.js"))}); console.log("loaded");`;
    const missing = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", load]).catch((error: { stderr: string }) => error);
    expect("stderr" in missing ? missing.stderr : "").toMatch(/Cannot find module '\.\/openapi\.cjs'/);
    await copyFile("dist/generated/openapi.cjs", path.join(folder, "openapi.cjs"));
    expect((await promisify(execFile)(process.execPath, ["--input-type=module", "-e", load])).stdout).toBe("loaded\n");
  });

  it("serves nothing when the API definition carries no document", async () => {
    const api: ApiDefinition = { title: "No document", version: "1", routes: [], securitySchemes: {} };
    const { url } = await start(createServer(api, {}, { logger: false }));
    expect((await fetch(`${url}/openapi.json`)).status).toBe(404);
    expect((await fetch(`${url}/docs`)).status).toBe(404);
  });
});

/**
 * The generated client in a real browser (Debian's Chromium, playwright-core), bundled as a
 * frontend developer would: esbuild takes a page script that imports `generated/client.ts`, with
 * no externals and no configuration beyond "bundle for the browser", resolving `specwright/client`
 * through the package's exports to the built files (pretest runs `npm run build`). The page, on one
 * origin, calls the example API on another through CORS with the default fetch transport: a typed
 * list with its declared X-Total-Count header, a create (JSON body, preflight), a 422 shown field
 * by field, and server-sent events read as they happen. Skipped with SPECWRIGHT_SKIP_BROWSER=1.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, skipBrowser } from "../helpers/browser.js";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions } from "../../src/example/handlers.js";
import { exampleServices } from "../helpers/example.js";

const skip = skipBrowser;
let browser: Browser | undefined;
const stops: (() => Promise<void>)[] = [];
let pageOrigin = "";
let apiUrl = "";
let bundle = "";

/** The page script: runs the scenario with the generated client, leaves its findings in `window.findings`. */
const pageScript = (api: string) => `
import { createClient } from "./generated/client.js";
const client = createClient({ baseUrl: ${JSON.stringify(api)} });
const findings = {};
try {
  const list = await client.listBooks({ query: { limit: 5 } });
  findings.list = { status: list.status, titles: list.body.map((book) => book.title), total: list.declaredHeaders["X-Total-Count"] };
  const invalid = await client.createBook({ body: { title: "x", author: "Ada", year: 500 } });
  findings.invalid = { status: invalid.status, fields: invalid.status === 422 ? invalid.body.errors.map((error) => ({ loc: error.loc, message: error.message })) : [] };
  const controller = new AbortController();
  const changes = await client.watchBookChanges({}, { signal: controller.signal });
  const created = await client.createBook({ body: { title: "Dune", author: "Frank Herbert", year: 1965 } });
  findings.created = { status: created.status, location: created.headers.get("location") };
  for await (const event of changes.body) {
    findings.event = event;
    break;
  }
  controller.abort();
} catch (error) {
  findings.error = String(error && error.stack || error);
}
window.findings = findings;
`;

/** Bundles the page script for the browser with esbuild, as a frontend build would. */
async function bundleForBrowser(api: string): Promise<string> {
  const result = await build({
    stdin: { contents: pageScript(api), resolveDir: path.resolve("."), sourcefile: "page.ts", loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Serves the page and its bundle. */
function staticServer(): http.Server {
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end('<!doctype html><html><head><meta charset="utf-8"><title>client</title><script type="module" src="/page.js"></script></head><body></body></html>');
    } else if (url.pathname === "/page.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle);
    } else {
      response.writeHead(404).end();
    }
  });
}

beforeAll(async () => {
  if (skip) return;
  // The API first (its URL goes into the page), allowing the page's origin once that is known.
  let allowedOrigin = "";
  const services = exampleServices();
  const api = createServer(createHandlers(services), {
    ...createServerOptions(services),
    cors: { origin: (origin) => origin === allowedOrigin },
    logger: false,
  });
  apiUrl = (await api.listen(0, "127.0.0.1")).url;
  stops.push(() => api.close());
  bundle = await bundleForBrowser(apiUrl);
  const pages = staticServer();
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  allowedOrigin = pageOrigin;
  stops.push(() => new Promise((resolve) => {
    pages.closeAllConnections();
    pages.close(() => resolve());
  }));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  while (stops.length > 0) await stops.pop()!();
});

describe.skipIf(skip)("the generated client, bundled by esbuild, in Chromium", () => {
  it("bundles with no Node built-in and no undici in it", () => {
    expect(bundle.length).toBeGreaterThan(1000);
    expect(bundle).not.toMatch(/\bnode:[a-z]/);
    expect(bundle).not.toContain("undici");
  });

  it("calls the API across origins: typed bodies and headers, 422 details, live server-sent events", async () => {
    const tab = await browser!.newPage();
    const consoleErrors: string[] = [];
    // Chromium logs every 4xx as "Failed to load resource" (the 422 here, /favicon.ico): not script errors.
    tab.on("console", (message) => (message.type() === "error" && !message.text().startsWith("Failed to load resource") ? consoleErrors.push(message.text()) : undefined));
    await tab.goto(pageOrigin + "/");
    await tab.waitForFunction(() => (window as unknown as { findings?: unknown }).findings !== undefined, undefined, { timeout: 30_000 });
    const findings = await tab.evaluate(() => (window as unknown as { findings: Record<string, unknown> }).findings);
    expect(findings["error"]).toBeUndefined();
    expect(findings["list"]).toEqual({ status: 200, titles: ["Clean Code"], total: 1 });
    expect(findings["invalid"]).toEqual({ status: 422, fields: [{ loc: ["body", "year"], message: expect.any(String) }] });
    expect(findings["created"]).toEqual({ status: 201, location: "/books/2" });
    expect(findings["event"]).toEqual({
      event: "created",
      id: "1",
      data: { kind: "created", bookId: 2, book: { id: 2, title: "Dune", author: "Frank Herbert", year: 1965 } },
    });
    expect(consoleErrors).toEqual([]);
    await tab.close();
  }, 120_000);
});

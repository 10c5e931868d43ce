/**
 * The frontend page of the browser tests of the generated client (test/browser/client*.test.ts):
 * its script, bundled by each test with a different bundler; the example API on one origin and
 * the built page on another (CORS); and what the page found, read back from Chromium.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions } from "../../src/example/handlers.js";
import { exampleServices } from "./example.js";

/**
 * The page script, importing `createClient` from `clientModule`: with the API whose URL is the
 * page's `?api=` parameter, a typed list with its declared X-Total-Count header, a create whose 422
 * is shown field by field (a list item per error, `data-field` its location), a live server-sent
 * event, and the CSV export read as a stream (`parseAs: "stream"`). Leaves its findings in
 * `window.findings`.
 */
export function clientPageScript(clientModule: string): string {
  return `
import { createClient } from ${JSON.stringify(clientModule)};
const client = createClient({ baseUrl: new URLSearchParams(location.search).get("api") });
const findings = {};
try {
  const list = await client.listBooks({ query: { limit: 5 } });
  findings.list = { status: list.status, titles: list.body.map((book) => book.title), total: list.declaredHeaders["X-Total-Count"] };
  const invalid = await client.createBook({ body: { title: "x", author: "Ada", year: 500 } });
  findings.invalid = { status: invalid.status };
  const errors = document.createElement("ul");
  errors.id = "errors";
  for (const error of invalid.status === 422 ? invalid.body.errors : []) {
    const item = document.createElement("li");
    item.dataset.field = error.loc.join(".");
    item.textContent = error.message;
    errors.append(item);
  }
  document.body.append(errors);
  const controller = new AbortController();
  const changes = await client.watchBookChanges({}, { signal: controller.signal });
  const created = await client.createBook({ body: { title: "Dune", author: "Frank Herbert", year: 1965 } });
  findings.created = { status: created.status, location: created.headers.get("location") };
  for await (const event of changes.body) {
    findings.event = event;
    break;
  }
  controller.abort();
  const exported = await client.exportBooks({}, { parseAs: "stream" });
  const reader = exported.body.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  findings.exported = { status: exported.status, isStream: exported.body instanceof ReadableStream, firstLine: new TextDecoder().decode(value).split("\\r\\n")[0] };
} catch (error) {
  findings.error = String(error && error.stack || error);
}
window.findings = findings;
`;
}

/** The example API on 127.0.0.1, allowing CORS from the origin `allowedOrigin()` returns when asked. */
export async function startCrossOriginExample(allowedOrigin: () => string): Promise<{ url: string; close: () => Promise<void> }> {
  const services = exampleServices();
  const api = createServer(createHandlers(services), {
    ...createServerOptions(services),
    cors: { origin: (origin) => origin === allowedOrigin() },
    logger: false,
  });
  const { url } = await api.listen(0, "127.0.0.1");
  return { url, close: () => api.close() };
}

/** Serves files by path (`/` the HTML page) on 127.0.0.1; resolves with its origin and a close function. */
export async function startStaticServer(files: Record<string, { type: string; body: string }>): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://localhost").pathname];
    if (file) response.writeHead(200, { "content-type": file.type }).end(file.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** What the page found: its findings, the errors it listed (`[field, message]`), and script errors logged to the console. */
export interface PageFindings {
  findings: Record<string, unknown>;
  shownErrors: [string, string][];
  consoleErrors: string[];
}

/** Opens `pageUrl` in a new tab, waits for the page's findings (30 s at most) and reads them. */
export async function readPageFindings(browser: Browser, pageUrl: string): Promise<PageFindings> {
  const tab = await browser.newPage();
  const consoleErrors: string[] = [];
  // Chromium logs every 4xx as "Failed to load resource" (the 422 here, /favicon.ico): not script errors.
  tab.on("console", (message) => (message.type() === "error" && !message.text().startsWith("Failed to load resource") ? consoleErrors.push(message.text()) : undefined));
  tab.on("pageerror", (error) => consoleErrors.push(error.message));
  await tab.goto(pageUrl);
  await tab.waitForFunction(() => (window as unknown as { findings?: unknown }).findings !== undefined, undefined, { timeout: 30_000 });
  const findings = await tab.evaluate(() => (window as unknown as { findings: Record<string, unknown> }).findings);
  const shownErrors = await tab.locator("#errors li").evaluateAll((items) => items.map((item) => [(item as HTMLElement).dataset["field"] ?? "", item.textContent ?? ""] as [string, string]));
  await tab.close();
  return { findings, shownErrors, consoleErrors };
}

/** The findings every bundler's build of the page must produce against a fresh example. */
export const expectedFindings = {
  list: { status: 200, titles: ["Clean Code"], total: 1 },
  invalid: { status: 422 },
  created: { status: 201, location: "/books/2" },
  event: { event: "created", id: "1", data: { kind: "created", bookId: 2, book: { id: 2, title: "Dune", author: "Frank Herbert", year: 1965 } } },
  exported: { status: 200, isStream: true, firstLine: "id,title,author,year,genre" },
};

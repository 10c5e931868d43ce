/**
 * Multipart uploads from a real browser: Debian's Chromium (playwright-core) loads the built
 * client (`dist/src/client`, as a browser bundle would hold it) and uploads a File, a Blob, bytes
 * and a FormData to the every-form fixture's server; the handler reads what arrived. Same skip
 * rule as docs.test.ts: without /usr/bin/chromium it fails unless SPECWRIGHT_SKIP_BROWSER=1.
 */
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, skipBrowser } from "../helpers/browser.js";
import { generate } from "specwright";
import { createServer, type ApiDefinition, type ApiServer, type UploadedFile } from "specwright/runtime";

const skip = skipBrowser;
const out = path.resolve(".test-output", `browser-multipart-${process.pid}`);
let browser: Browser | undefined;
let server: ApiServer | undefined;
let url = "";

/** What the handler saw: text parts as values, files as `name:filename:mediaType:content`. */
async function describeBody(body: Record<string, unknown>): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const file = item as UploadedFile;
      lines.push(typeof file?.text === "function" ? `${name}:${file.filename}:${file.mediaType}:${await file.text()}` : `${name}=${JSON.stringify(item)}`);
    }
  }
  return lines;
}

beforeAll(async () => {
  if (skip) return;
  if (!existsSync("dist/src/client/index.js")) throw new Error("dist/ is missing: run npm run build (npm test does)");
  await generate({ spec: path.resolve("test/fixtures/every-form/openapi.yaml"), out });
  const { api } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { api: ApiDefinition };
  const echo = async ({ body }: { body: Record<string, unknown> }) => ({ status: 200, body: { fields: { lines: await describeBody(body) }, files: [] } });
  // The fixture's other operations (parameters, forms, responses) have their own tests.
  const others = Object.fromEntries(api.routes.map((route) => [route.handler, () => ({ status: 200, body: {} })]));
  server = createServer(api, { ...others, uploadDocuments: echo, replaceAvatar: echo, uploadOddNames: echo }, { logger: false, docs: false });
  url = (await server.listen(0, "127.0.0.1")).url;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(out, { recursive: true, force: true });
});

/** Runs in the page: the built client uploads an object with File, Blob and bytes, then a FormData. */
const browserUploads = `(async () => {
  const client = await import("/__client/client/index.js");
  const core = client.createClientCore({ baseUrl: location.origin });
  const operation = { method: "POST", path: "/multipart/documents", parameters: [], requestMediaTypes: ["multipart/form-data"], statuses: ["200"] };
  const fromObject = await core.call(operation, {
    body: {
      title: "from the browser",
      pageCount: 3,
      tags: ["a", "b"],
      metadata: { author: "Ada" },
      attachment: new File(["file text"], "notes.txt", { type: "text/plain" }),
      extras: [new Blob(["blob text"]), new TextEncoder().encode("bytes text")],
    },
  });
  const form = new FormData();
  form.append("title", "form data");
  form.append("attachment", new File(["form file"], "form.txt", { type: "text/plain" }));
  const fromForm = await core.call(operation, { body: form });
  return [fromObject, fromForm].map((result) => ({ status: result.status, lines: result.body.fields.lines }));
})()`;

describe.skipIf(skip)("multipart uploads from Chromium", () => {
  it("sends File, Blob, bytes and FormData bodies through the client's fetch transport", async () => {
    const page = await browser!.newPage();
    // The built client modules, served under the API's origin (no CORS involved).
    await page.route(`${url}/__client/**`, async (route) => {
      const relative = new URL(route.request().url()).pathname.slice("/__client/".length);
      const file = path.resolve("dist/src", relative);
      if (!file.startsWith(path.resolve("dist/src") + path.sep) || !existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({ status: 200, contentType: "text/javascript", body: await readFile(file, "utf8") });
    });
    await page.route(`${url}/`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>upload</title>" }));
    await page.goto(`${url}/`);
    // Passed as text: vitest would rewrite a dynamic import() inside a function.
    const results = (await page.evaluate(browserUploads)) as { status: number; lines: string[] }[];
    expect(results).toEqual([
      {
        status: 200,
        lines: [
          'title="from the browser"',
          "pageCount=3",
          'tags="a"',
          'tags="b"',
          'metadata={"author":"Ada"}',
          "attachment:notes.txt:text/plain:file text",
          "extras:blob:application/octet-stream:blob text",
          "extras:blob:application/octet-stream:bytes text",
        ],
      },
      { status: 200, lines: ['title="form data"', "attachment:form.txt:text/plain:form file"] },
    ]);
    await page.close();
  }, 120_000);
});

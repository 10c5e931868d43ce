/**
 * The generated client in a real browser (Debian's Chromium, playwright-core), bundled as a
 * frontend developer would: esbuild takes a page script that imports `generated/client.ts`, with
 * no externals and no configuration beyond "bundle for the browser", resolving `specwright/client`
 * through the package's exports to the built files (no tsconfig paths; pretest runs
 * `npm run build`). The page, on one origin, calls the example API on another through CORS with
 * the default fetch transport: a typed list with its declared X-Total-Count header, a create whose
 * 422 is shown field by field, server-sent events read as they happen, and a CSV export read as a
 * stream (test/helpers/client-page.ts). Skipped with SPECWRIGHT_SKIP_BROWSER=1.
 */
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, skipBrowser } from "../helpers/browser.js";
import { clientPageScript, expectedFindings, readPageFindings, startCrossOriginExample, startStaticServer } from "../helpers/client-page.js";

const skip = skipBrowser;
let browser: Browser | undefined;
const stops: (() => Promise<void>)[] = [];
let pageUrl = "";
let bundle = "";

/** Bundles the page script for the browser with esbuild, as a frontend build would. */
async function bundleForBrowser(): Promise<string> {
  const result = await build({
    stdin: { contents: clientPageScript("./generated/client.ts"), resolveDir: path.resolve("."), sourcefile: "page.ts", loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
    // As in a user's project: specwright/client resolves through package.json "exports".
    tsconfigRaw: {},
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  if (skip) return;
  let pageOrigin = "";
  const api = await startCrossOriginExample(() => pageOrigin);
  stops.push(api.close);
  bundle = await bundleForBrowser();
  const pages = await startStaticServer({
    "/": { type: "text/html; charset=utf-8", body: '<!doctype html><html><head><meta charset="utf-8"><title>client</title><script type="module" src="/page.js"></script></head><body></body></html>' },
    "/page.js": { type: "text/javascript; charset=utf-8", body: bundle },
  });
  stops.push(pages.close);
  pageOrigin = pages.origin;
  pageUrl = `${pages.origin}/?api=${encodeURIComponent(api.url)}`;
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

  it("calls the API across origins: typed bodies and headers, 422 field by field, live server-sent events, a streamed export", async () => {
    const { findings, shownErrors, consoleErrors } = await readPageFindings(browser!, pageUrl);
    expect(findings["error"]).toBeUndefined();
    expect(findings).toEqual(expectedFindings);
    expect(shownErrors).toEqual([["body.year", expect.stringMatching(/\S/)]]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});

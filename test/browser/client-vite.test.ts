/**
 * The generated client built by Vite for production (issue 15), as a frontend project would:
 * a project folder with specwright installed in node_modules (a link to this package, so
 * `specwright/client` resolves through its exports to the built files), the example's client
 * generated into `src/api/`, an index.html and a page script; `vite build` through Vite's JS API
 * (Vite 7, which bundles with rollup; the package is installed as `vite-rollup` so that vitest
 * keeps its own Vite) with no configuration file. The built page, served on one origin, runs in
 * Chromium against the example API on another through CORS, the same scenario as the esbuild
 * test (test/helpers/client-page.ts). Skipped with SPECWRIGHT_SKIP_BROWSER=1.
 */
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { generate } from "specwright";
import { build } from "vite-rollup";
import { launchChromium, skipBrowser } from "../helpers/browser.js";
import { clientPageScript, expectedFindings, readPageFindings, startCrossOriginExample, startStaticServer } from "../helpers/client-page.js";
import { temporaryFolder } from "../helpers/temp.js";

const skip = skipBrowser;
let browser: Browser | undefined;
const stops: (() => Promise<void>)[] = [];
let pageUrl = "";
/** The built files by URL path (`/index.html`, `/assets/index-….js`). */
const built: Record<string, { type: string; body: string }> = {};

/** Writes a Vite frontend project that uses the example's generated client; returns its folder. */
async function writeFrontendProject(folder: string): Promise<void> {
  await writeFile(path.join(folder, "package.json"), JSON.stringify({ name: "bookstore-frontend", private: true, type: "module" }, null, 2));
  await mkdir(path.join(folder, "node_modules"));
  await symlink(process.cwd(), path.join(folder, "node_modules", "specwright"), "dir");
  await generate({ spec: path.resolve("spec/openapi.yaml"), out: path.join(folder, "src", "api") });
  await writeFile(path.join(folder, "src", "main.ts"), clientPageScript("./api/client"));
  await writeFile(
    path.join(folder, "index.html"),
    '<!doctype html>\n<html>\n  <head><meta charset="utf-8"><title>Bookstore</title></head>\n  <body><script type="module" src="/src/main.ts"></script></body>\n</html>\n',
  );
}

/** Every file under `folder`, by URL path, with a Content-Type by extension. */
async function readBuilt(folder: string, prefix = ""): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) await readBuilt(file, `${prefix}/${entry.name}`);
    else {
      const type = entry.name.endsWith(".html") ? "text/html; charset=utf-8" : entry.name.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream";
      built[`${prefix}/${entry.name}`] = { type, body: await readFile(file, "utf8") };
    }
  }
}

beforeAll(async () => {
  if (skip) return;
  const project = await temporaryFolder("specwright-vite-");
  stops.push(project.remove);
  await writeFrontendProject(project.path);
  await build({ root: project.path, configFile: false, logLevel: "silent", mode: "production", build: { outDir: "dist", emptyOutDir: true } });
  await readBuilt(path.join(project.path, "dist"));
  built["/"] = built["/index.html"]!;
  let pageOrigin = "";
  const api = await startCrossOriginExample(() => pageOrigin);
  stops.push(api.close);
  const pages = await startStaticServer(built);
  stops.push(pages.close);
  pageOrigin = pages.origin;
  pageUrl = `${pages.origin}/?api=${encodeURIComponent(api.url)}`;
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  while (stops.length > 0) await stops.pop()!();
});

describe.skipIf(skip)("the generated client, built by Vite (rollup) for production, in Chromium", () => {
  it("builds one minified script with no Node built-in and no undici in it", () => {
    const scripts = Object.entries(built).filter(([name]) => name.endsWith(".js"));
    expect(scripts.map(([name]) => name)).toEqual([expect.stringMatching(/^\/assets\/index-[\w-]+\.js$/)]);
    const [, script] = scripts[0]!;
    expect(script.body).toContain("createBook");
    expect(script.body).not.toMatch(/\bnode:[a-z]/);
    expect(script.body).not.toContain("undici");
    // Minified: no line of the source's length and indentation survives.
    expect(script.body.split("\n").length).toBeLessThan(20);
  });

  it("calls the API across origins: typed bodies and headers, 422 field by field, live server-sent events, a streamed export", async () => {
    const { findings, shownErrors, consoleErrors } = await readPageFindings(browser!, pageUrl);
    expect(findings["error"]).toBeUndefined();
    expect(findings).toEqual(expectedFindings);
    expect(shownErrors).toEqual([["body.year", expect.stringMatching(/\S/)]]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});

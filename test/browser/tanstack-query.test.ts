/**
 * The TanStack Query output with @tanstack/react-query in a real browser (Debian's Chromium,
 * playwright-core): a React page, bundled by esbuild as a frontend build would (only
 * `process.env.NODE_ENV` defined, as React asks of bundlers that do not set it), renders the list
 * from `useQuery(listBooksQueryOptions(...))`, shows a declared 404 from `error` with its typed
 * body, and runs `useMutation(createBookMutationOptions(...))`: a create that invalidates the
 * list (which refetches and shows the new book), and one whose 422 is shown field by field. The
 * example API is on another origin (CORS). Skipped with SPECWRIGHT_SKIP_BROWSER=1.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { generate } from "specwright";
import { launchChromium, skipBrowser } from "../helpers/browser.js";
import { startCrossOriginExample, startStaticServer } from "../helpers/client-page.js";

const skip = skipBrowser;
const out = path.resolve(".test-output", `tanstack-browser-${process.pid}`);
let browser: Browser | undefined;
const stops: (() => Promise<void>)[] = [];
let pageUrl = "";
let bundle = "";

/** The page: a React app over the generated client and tanstack-query.ts (the API's URL is `?api=`). */
const page = `
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoot } from "react-dom/client";
import { ResponseError } from "specwright/client";
import { createCore } from "./client.ts";
import { createBookMutationOptions, getBookQueryOptions, listBooksQueryKey, listBooksQueryOptions } from "./tanstack-query.ts";

const core = createCore({ baseUrl: new URLSearchParams(location.search).get("api")! });

function Books() {
  const queryClient = useQueryClient();
  const books = useQuery(listBooksQueryOptions(core, { query: { limit: 10 } }));
  const missing = useQuery({ ...getBookQueryOptions(core, { path: { bookId: 999 } }), retry: false });
  const create = useMutation({
    ...createBookMutationOptions(core),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listBooksQueryKey().slice(0, 1) }),
  });
  const validation = create.error instanceof ResponseError && create.error.status === 422 ? create.error.body.errors : [];
  return (
    <main>
      <ul id="books" data-fetches={books.dataUpdatedAt}>{books.data?.map((book) => <li key={book.id}>{book.title}</li>)}</ul>
      <p id="missing">{missing.error instanceof ResponseError && missing.error.status === 404 ? missing.error.body.detail : missing.status}</p>
      <button id="create" onClick={() => create.mutate({ body: { title: "Dune", author: "Frank Herbert", year: 1965 } })}>Add Dune</button>
      <button id="create-invalid" onClick={() => create.mutate({ body: { title: "x", author: "Ada", year: 500 } })}>Add an invalid book</button>
      <p id="mutation">{create.status}</p>
      <ul id="errors">{validation.map((error) => <li key={error.loc.join(".")} data-field={error.loc.join(".")}>{error.message}</li>)}</ul>
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <QueryClientProvider client={new QueryClient()}>
    <Books />
  </QueryClientProvider>,
);
`;

beforeAll(async () => {
  if (skip) return;
  await generate({ spec: "spec/openapi.yaml", out, tanstackQuery: true, force: true });
  const result = await build({
    stdin: { contents: page, resolveDir: out, sourcefile: "page.tsx", loader: "tsx" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    // As in a user's project: specwright/client resolves through package.json "exports".
    tsconfigRaw: {},
  });
  bundle = result.outputFiles[0]!.text;
  let pageOrigin = "";
  const api = await startCrossOriginExample(() => pageOrigin);
  stops.push(api.close);
  const pages = await startStaticServer({
    "/": { type: "text/html; charset=utf-8", body: '<!doctype html><html><head><meta charset="utf-8"><title>books</title><script type="module" src="/page.js"></script></head><body><div id="root"></div></body></html>' },
    "/page.js": { type: "text/javascript; charset=utf-8", body: bundle },
  });
  stops.push(pages.close);
  pageOrigin = pages.origin;
  pageUrl = `${pages.origin}/?api=${encodeURIComponent(api.url)}`;
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  while (stops.length > 0) await stops.pop()!();
  await rm(out, { recursive: true, force: true });
});

/** The titles the page lists. */
const titles = (tab: Page) => tab.locator("#books li").allTextContents();

describe.skipIf(skip)("tanstack-query.ts with @tanstack/react-query, bundled by esbuild, in Chromium", () => {
  it("bundles with no Node built-in", () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    // React's own text mentions "node:" in messages; an import of a built-in is what must not be there.
    expect(bundle.match(/(?:from|import|require)\s*\(?\s*["']node:[a-z]+["']/)?.[0]).toBeUndefined();
    expect(bundle.includes("undici")).toBe(false);
  });

  it("lists books from useQuery, shows a 404 from error, creates a book and refetches the invalidated list, shows a 422 field by field", async () => {
    const tab = await browser!.newPage();
    const consoleErrors: string[] = [];
    // Chromium logs every 4xx as "Failed to load resource" (the 404 and 422 here): not script errors.
    tab.on("console", (message) => (message.type() === "error" && !message.text().startsWith("Failed to load resource") ? consoleErrors.push(message.text()) : undefined));
    tab.on("pageerror", (error) => consoleErrors.push(error.message));
    await tab.goto(pageUrl);
    await tab.locator("#books li").first().waitFor({ timeout: 30_000 });
    expect(await titles(tab)).toEqual(["Clean Code"]);
    await expect.poll(() => tab.locator("#missing").textContent(), { timeout: 10_000 }).toBe("Book 999 not found");
    const firstFetch = await tab.locator("#books").getAttribute("data-fetches");

    await tab.click("#create");
    await expect.poll(() => titles(tab), { timeout: 10_000 }).toEqual(["Clean Code", "Dune"]);
    expect(await tab.locator("#mutation").textContent()).toBe("success");
    expect(await tab.locator("#books").getAttribute("data-fetches")).not.toBe(firstFetch);

    await tab.click("#create-invalid");
    await expect.poll(() => tab.locator("#mutation").textContent(), { timeout: 10_000 }).toBe("error");
    const shown = await tab.locator("#errors li").evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset["field"]));
    expect(shown).toEqual(["body.year"]);
    expect(await titles(tab)).toEqual(["Clean Code", "Dune"]);
    expect(consoleErrors).toEqual([]);
    await tab.close();
  }, 120_000);
});

/**
 * The docs page in a real browser: Debian's Chromium driven by playwright-core. `/docs` loads,
 * lists the example's operations, and "Try it out" on GET /books/{bookId} gets a 200 from the
 * running server. .ci/run installs Chromium; without /usr/bin/chromium this test fails unless
 * SPECWRIGHT_SKIP_BROWSER=1 is set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, skipBrowser } from "../helpers/browser.js";
import { exampleServer } from "../helpers/example.js";

const skip = skipBrowser;
let browser: Browser | undefined;
let stop: (() => Promise<void>) | undefined;
let url = "";

beforeAll(async () => {
  if (skip) return;
  const server = exampleServer();
  url = (await server.listen(0, "127.0.0.1")).url;
  stop = () => server.close();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stop?.();
});

describe.skipIf(skip)("/docs in Chromium", () => {
  it("lists the operations and runs GET /books/{bookId} with Try it out", async () => {
    const page = await browser!.newPage();
    const failedRequests: string[] = [];
    page.on("requestfailed", (request) => failedRequests.push(request.url()));
    await page.goto(`${url}/docs`);
    await expect(page.title()).resolves.toBe("Bookstore - Swagger UI");
    await page.locator(".opblock").first().waitFor({ timeout: 30_000 });
    const paths = await page.locator(".opblock-summary-path").allTextContents();
    const normalised = paths.map((text) => text.replace(/\u200b/g, "").trim());
    for (const expected of ["/books", "/books/{bookId}", "/books/featured", "/users", "/admin/users/{userId}"]) {
      expect(normalised).toContain(expected);
    }
    const operation = page.locator("#operations-books-getBook");
    await operation.locator(".opblock-summary").click();
    await operation.locator("button.try-out__btn").click();
    await operation.locator('input[placeholder="bookId"]').fill("1");
    await operation.locator("button.execute").click();
    const status = operation.locator(".live-responses-table .response .response-col_status").first();
    await expect(status.textContent({ timeout: 30_000 })).resolves.toContain("200");
    await expect(operation.locator(".live-responses-table .microlight").first().textContent()).resolves.toContain("Clean Code");
    expect(failedRequests.filter((request) => request.startsWith(url))).toEqual([]);
    await page.close();
  }, 120_000);
});

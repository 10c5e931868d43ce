import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, which .ci/run installs. */
export const chromiumPath = "/usr/bin/chromium";

/** Browser tests are skipped only when SPECWRIGHT_SKIP_BROWSER=1 (a missing Chromium fails them). */
export const skipBrowser = process.env["SPECWRIGHT_SKIP_BROWSER"] === "1";

/**
 * Launches headless Chromium with the flags this project's machines need (no sandbox as root, no
 * GPU, no background traffic). Throws Error naming the fix when Chromium is not installed.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (or set SPECWRIGHT_SKIP_BROWSER=1)`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

/**
 * Section: the generated client as a frontend ships it. esbuild bundles a module that imports the
 * example's `generated/client.ts` for the browser (minified, ES module, no externals), as a
 * frontend build would, with `specwright/client` resolved through the package's exports to the
 * built files (no tsconfig paths), as in a user's project; the table gives its size minified and
 * gzip-compressed against the budget (issue 15: 6 kB gzip), and whether anything from Node (a
 * `node:` import, undici) is in it. The last row calls one operation function, so the bundle
 * keeps that operation alone.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { renderTable } from "./lib/stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The gzip budget of the example's client bundle, bytes. */
const gzipBudget = 6 * 1024;

/**
 * Runs the section and returns its table.
 * @param {{ log: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function bundleSection({ log }) {
  const entries = [
    { name: "createClient, one call", contents: 'import { createClient } from "./generated/client.ts";\nexport const books = (baseUrl) => createClient({ baseUrl }).listBooks({});\n' },
    { name: "createClient, every operation", contents: 'export { createClient } from "./generated/client.ts";\n' },
    { name: "createCore + getBook only", contents: 'import { createCore, getBook } from "./generated/client.ts";\nexport const book = (baseUrl, bookId) => getBook(createCore({ baseUrl }), { path: { bookId } });\n' },
  ];
  const rows = [];
  for (const entry of entries) {
    const result = await build({
      stdin: { contents: entry.contents, resolveDir: root, sourcefile: "entry.ts", loader: "ts" },
      bundle: true, platform: "browser", format: "esm", minify: true, write: false, logLevel: "silent",
      // No tsconfig paths: specwright/client resolves through package.json "exports" to dist/.
      tsconfigRaw: {},
    });
    const text = result.outputFiles[0].text;
    const gzip = gzipSync(text, { level: 9 }).length;
    const node = /\bnode:[a-z]/.test(text) || text.includes("undici");
    log(`  bundle ${entry.name}: ${text.length} B minified, ${gzip} B gzip`);
    rows.push([entry.name, String(text.length), String(gzip), `${((gzip / gzipBudget) * 100).toFixed(0)} %`, node ? "yes" : "no"]);
  }
  return renderTable("client bundle (esbuild, browser, minified)", ["entry", "minified B", "gzip B", "of 6 kB budget", "Node code"], rows, [
    "The example's generated client bundled as a frontend would (no externals, specwright/client from dist/ through the package's exports); the budget is issue 15's.",
  ]);
}

/**
 * The runtime's entry point as `npm run build` leaves it (src/packaging/bundle-runtime.ts): one
 * module that imports only packages and Node's built-in modules, whose source map leads a stack
 * trace back to `src/runtime`, and which still finds the files it reads beside itself.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const entry = "dist/src/runtime/index.js";

describe("the bundled runtime entry point", () => {
  it("imports no module of its own folder or of dist: only packages and node: built-ins", async () => {
    const text = await readFile(entry, "utf8");
    const specifiers = [...text.matchAll(/^import\s[^;]*?from\s"([^"]+)";?$/gm)].map((match) => match[1]!);
    expect(specifiers.length).toBeGreaterThan(5);
    expect(specifiers.filter((specifier) => specifier.startsWith(".") || specifier.startsWith("/"))).toEqual([]);
    expect(text).not.toMatch(/\bimport\(\s*"\.\.?\//);
  });

  it("maps a stack trace through its source map to src/runtime", async () => {
    // createServer refuses a base path with a dot segment, throwing from src/runtime/server.ts.
    const api = '{ title: "t", version: "1", routes: [], securitySchemes: {} }';
    const script = `import { createServer } from "${process.cwd()}/${entry}"; try { createServer(${api}, {}, { basePath: "/a/../b" }); } catch (error) { console.log(error.stack); }`;
    const { stdout } = await run(process.execPath, ["--enable-source-maps", "--input-type=module", "-e", script]);
    expect(stdout).toContain("basePath must be a path");
    expect(stdout).toMatch(/src\/runtime\/server\.ts:\d+:\d+/);
  });

  it("serves /docs, whose files it finds from its own location", async () => {
    const script = [
      `import { createServer } from "${process.cwd()}/${entry}";`,
      'const server = createServer({ title: "t", version: "1", routes: [], securitySchemes: {}, document: () => ({ openapi: "3.1.0" }) }, {}, { logger: false });',
      'const { port } = await server.listen(0, "127.0.0.1");',
      "const statuses = [];",
      'for (const path of ["/docs", "/docs/swagger-ui-bundle.js", "/openapi.json"]) statuses.push((await fetch(`http://127.0.0.1:${port}${path}`)).status);',
      "console.log(statuses.join(\" \"));",
      "await server.close();",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script]);
    expect(stdout.trim()).toBe("200 200 200");
  });
});

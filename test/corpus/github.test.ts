/**
 * Real input: GitHub's REST API description (@octokit/openapi, OpenAPI 3.0.3, ~1,200 operations).
 * Generates it, type-checks the output with tsc --strict, and serves it from a child process with
 * stub handlers, checking a validated response, 404 and 405 over a real socket.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";

const run = promisify(execFile);
const spec = "node_modules/@octokit/openapi/generated/api.github.com.json";
// Inside the repository, so the generated imports of specwright/runtime resolve to this package (self-reference).
const workspace = path.resolve(".test-output", `github-${process.pid}`);
const out = path.join(workspace, "github");
const app = path.join(workspace, "github-app");
let server: ChildProcess | undefined;
let baseUrl = "";

const serverScript = `
import { createServer } from "../github/routes.js";
// One stub for every operation: only a few are answered, the rest return an undeclared status.
const handlers = new Proxy({}, {
  get: (_target, name) => () => {
    if (name === "metaGetZen") return { status: 200, body: "Keep it logically awesome." };
    if (name === "emojisGet") return { status: 200, body: { "+1": "https://github.githubassets.com/images/icons/emoji/unicode/1f44d.png" } };
    if (name === "metaGetOctocat") return { status: 200, body: 42 };
    return { status: 599 };
  },
});
const security = new Proxy({}, { get: () => () => ({ login: "stub" }) });
const server = createServer(handlers, { security, logger: false });
const { url } = await server.listen(0, "127.0.0.1");
process.stdout.write(url + "\\n");
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
`;

beforeAll(async () => {
  await rm(app, { recursive: true, force: true });
  await mkdir(app, { recursive: true });
}, 60_000);
afterAll(async () => {
  server?.kill("SIGTERM");
  await rm(workspace, { recursive: true, force: true });
});

describe("GitHub's REST API", () => {
  it("generates, passes tsc --strict, and serves validated responses with 404/405 where they belong", async () => {
    const result = await generate({ spec, out });
    expect(result.model!.operations.length).toBeGreaterThan(1000);
    const handlerNames = result.model!.operations.map((operation) => operation.identifier);
    expect(new Set(handlerNames).size).toBe(handlerNames.length);

    await writeFile(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true,
          types: ["node"], typeRoots: [path.resolve("node_modules/@types")], lib: ["ES2023", "DOM"],
          paths: { "specwright/runtime": [path.resolve("src/runtime/index.ts")], "specwright/client": [path.resolve("src/client/index.ts")] },
          noEmit: true,
        },
        files: [path.join(out, "index.ts")],
      }),
    );
    const tsc = path.resolve("node_modules/typescript/bin/tsc");
    const checked = await run(process.execPath, ["--max-old-space-size=4096", tsc, "-p", path.join(app, "tsconfig.json")], { maxBuffer: 64 * 1024 * 1024 }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(checked.split("\n").slice(0, 20).join("\n")).toBe("");

    // Compile to JavaScript next to the sources (transpile only; the strict check ran above).
    await run(process.execPath, [tsc, "--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022", "--skipLibCheck", "--noCheck", "--types", "node",
      "--typeRoots", path.resolve("node_modules/@types"), path.join(out, "routes.ts")], { maxBuffer: 64 * 1024 * 1024 });
    await writeFile(path.join(app, "server.mjs"), serverScript);
    server = spawn(process.execPath, [path.join(app, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
    const [firstLine] = (await once(server.stdout!, "data")) as [Buffer];
    baseUrl = firstLine.toString().trim();
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const zen = await fetch(`${baseUrl}/zen`);
    expect(zen.status).toBe(200);
    expect(zen.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await zen.text()).toBe("Keep it logically awesome.");

    const emojis = await fetch(`${baseUrl}/emojis`);
    expect(emojis.status).toBe(200);
    const body = await emojis.json();
    expect(body["+1"]).toMatch(/^https:/);

    // A body that breaks the response schema is never sent.
    const octocat = await fetch(`${baseUrl}/octocat`);
    expect(octocat.status).toBe(500);
    expect((await octocat.json()).code).toBe("SPW_HTTP_RESPONSE_CONTRACT");

    expect((await fetch(`${baseUrl}/no/such/path/here`)).status).toBe(404);
    const wrongMethod = await fetch(`${baseUrl}/zen`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD");
    // Path parameters are validated against the spec: per_page must be an integer.
    const invalid = await fetch(`${baseUrl}/repos/octocat/hello/issues?per_page=lots`);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors[0]).toMatchObject({ in: "query", name: "per_page" });
  }, 600_000);
});

/**
 * `specwright init` as a new user meets it: init a folder, install specwright there from a
 * tarball of this repository (npm pack) and the project's own tools from the registry, then run
 * the project's scripts: `npm test` (generate, tsc, vitest with inject() and fuzz), `npm start`
 * (build, serve over a socket, stop on SIGTERM), `npm run dev` (regenerate on a spec change,
 * restart on a code change) and a second `generate`, which leaves the handlers file alone.
 * One install is shared by the cases; the folder cases need none.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify, stripVTControlCharacters } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashTree, temporaryFolder, temporaryFolders } from "../helpers/temp.js";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const cli = path.resolve("dist/cli/specwright.js");

/**
 * The environment of a user's shell: without the variables the outer `npm test` and vitest set
 * (npm_config_*, npm_lifecycle_*, VITEST*, NODE_ENV=test, FORCE_COLOR), which would steer the inner
 * npm and vitest.
 */
const userEnvironment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|VITEST|NODE_ENV$|FORCE_COLOR$)/i.test(name)));

/** Runs `specwright init` from this repository's build; resolves with the exit code and output. */
async function init(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [cli, "init", ...args], { env: userEnvironment }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/**
 * A child process in its own process group (so a signal reaches npm, sh and node together, as
 * Ctrl-C in a terminal does), with its output collected: `waitFor(pattern)` resolves with the
 * first match in the output after `from` (an offset into `output()`), or rejects after `ms`.
 */
function startScript(cwd: string, script: string, env: Record<string, string> = {}) {
  const child = spawn(npm, ["run", script], { cwd, detached: true, env: { ...userEnvironment, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const waitFor = async (pattern: RegExp, from = 0, ms = 120_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = output.slice(from).match(pattern);
      if (match) return match;
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern} in the output of npm run ${script} (${child.exitCode ?? child.signalCode ?? "still running"}):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { child, exited, waitFor, output: () => output, stop: (signal: NodeJS.Signals) => signalGroup(child, signal) };
}

/** Sends a signal to a child's whole process group; nothing when it has already exited. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Whether connections to `url` are refused within `ms` (the server closed its listener). */
async function refusedWithin(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const refused = await fetch(url, { headers: { connection: "close" } }).then(
      () => false,
      () => true,
    );
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe("specwright init: the folder", () => {
  const { folder, removeAll } = temporaryFolders();
  afterEach(removeAll);

  it("writes the project into a new folder, listing each file", async () => {
    const target = path.join(await folder(), "My API");
    const result = await init(target);
    expect(result.code).toBe(0);
    expect(Object.keys(await hashTree(target)).sort()).toEqual([
      ".gitignore",
      "package.json",
      "spec/openapi.yaml",
      "src/handlers.ts",
      "src/server.ts",
      "test/api.test.ts",
      "tsconfig.build.json",
      "tsconfig.json",
    ]);
    expect(result.stdout).toContain("package.json, .gitignore, spec/openapi.yaml, src/handlers.ts, src/server.ts, test/api.test.ts");
    const manifest = JSON.parse(await readFile(path.join(target, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "my-api", type: "module", dependencies: { specwright: "^0.1.0" } });
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(["generate", "dev", "start", "test"]));
  });

  it("refuses a folder that holds other files, names them, and changes nothing", async () => {
    const target = await folder();
    await writeFile(path.join(target, "package.json"), '{ "name": "mine" }\n');
    await mkdir(path.join(target, "src"));
    await writeFile(path.join(target, "src", "app.ts"), "export const mine = 1;\n");
    const before = await hashTree(target);
    const result = await init(target);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not empty: package.json, src");
    expect(result.stderr).toContain("nothing was written");
    expect(await hashTree(target)).toEqual(before);
  });

  it("refuses to run twice in one folder, overwriting nothing it wrote the first time", async () => {
    const target = await folder();
    expect((await init(target)).code).toBe(0);
    await writeFile(path.join(target, "src", "handlers.ts"), "// my handlers\n");
    const before = await hashTree(target);
    const second = await init(target);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(".gitignore, package.json, spec, src, test, tsconfig.build.json, tsconfig.json");
    expect(await hashTree(target)).toEqual(before);
  });

  it("writes into a folder holding only version control and a README, leaving them as they were", async () => {
    const target = await folder();
    await mkdir(path.join(target, ".git"));
    await writeFile(path.join(target, ".git", "HEAD"), "ref: refs/heads/main\n");
    await writeFile(path.join(target, "README.md"), "# My API\n");
    const result = await init(target, "--specwright-version", "latest");
    expect(result.code).toBe(0);
    expect(await readFile(path.join(target, "README.md"), "utf8")).toBe("# My API\n");
    expect(await readFile(path.join(target, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect(JSON.parse(await readFile(path.join(target, "package.json"), "utf8")).dependencies).toEqual({ specwright: "latest" });
  });
});

describe("specwright init: the project, installed", () => {
  let workspace: { path: string; remove: () => Promise<void> };
  let project: string;

  beforeAll(async () => {
    workspace = await temporaryFolder("specwright-init-");
    // dist/ is current (npm test builds it first), so pack without the prepare script: rebuilding
    // dist/ here would rewrite files other test files are reading.
    await run(npm, ["pack", "--ignore-scripts", "--pack-destination", workspace.path, "--silent"], { cwd: path.resolve("."), env: userEnvironment });
    const tarball = (await readdir(workspace.path)).find((name) => name.endsWith(".tgz"))!;
    project = path.join(workspace.path, "tasks-api");
    const created = await init(project, "--specwright-version", path.join(workspace.path, tarball));
    expect(created.code, created.stderr).toBe(0);
    await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, env: userEnvironment });
  }, 600_000);
  afterAll(() => workspace?.remove());

  it("passes its own npm test: generate, tsc, and vitest with inject() and fuzz", async () => {
    const stdout = stripVTControlCharacters((await run(npm, ["test"], { cwd: project, env: userEnvironment })).stdout);
    expect(stdout).toContain("4 operations from spec/openapi.yaml");
    expect(stdout).toMatch(/Tests\s+3 passed/);
  }, 300_000);

  it("npm start builds and serves the starter API over a socket; SIGTERM closes it gracefully", async () => {
    const server = startScript(project, "start", { PORT: "0" });
    try {
      const url = (await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
      const token = { authorization: "Bearer dev-token" };
      expect(await (await fetch(`${url}/tasks`)).json()).toEqual([]);
      const created = await fetch(`${url}/tasks`, { method: "POST", headers: { ...token, "content-type": "application/json" }, body: JSON.stringify({ title: "Ship it" }) });
      expect(created.status).toBe(201);
      expect(created.headers.get("location")).toBe("/tasks/1");
      expect(await created.json()).toEqual({ id: 1, title: "Ship it", done: false });
      expect(await (await fetch(`${url}/tasks/1`)).json()).toEqual({ id: 1, title: "Ship it", done: false });
      const missing = await fetch(`${url}/tasks/2`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const anonymous = await fetch(`${url}/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "x" }) });
      expect(anonymous.status).toBe(401);
      const invalid = await fetch(`${url}/tasks?limit=0`);
      expect(invalid.status).toBe(422);
      expect((await invalid.json()).errors).toEqual([expect.objectContaining({ in: "query", loc: ["query", "limit"] })]);
      expect((await fetch(`${url}/docs`)).status).toBe(200);

      // npm and sh end at once; node closes its listener, lets requests finish, then exits.
      server.stop("SIGTERM");
      await server.exited;
      expect(await refusedWithin(`${url}/tasks`, 15_000)).toBe(true);
    } finally {
      server.stop("SIGKILL");
    }
    // The built server run directly, as a container runs it (node as PID 1): SIGTERM → exit 0.
    const direct = spawn(process.execPath, ["dist/src/server.js"], { cwd: project, env: { ...userEnvironment, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<number | null>((resolve) => direct.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve) => direct.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("listening on") && resolve()));
    direct.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 300_000);

  it("npm run dev regenerates when the spec changes and restarts the server when the code does", async () => {
    const specFile = path.join(project, "spec", "openapi.yaml");
    const handlersFile = path.join(project, "src", "handlers.ts");
    const [spec, handlers] = [await readFile(specFile, "utf8"), await readFile(handlersFile, "utf8")];
    const dev = startScript(project, "dev", { PORT: "0" });
    try {
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
      await dev.waitFor(listening);
      await dev.waitFor(/Found 0 errors/);
      let mark = dev.output().length;
      const health = "  /health:\n    get:\n      operationId: getHealth\n      security: []\n      responses:\n        \"204\":\n          description: Up\n";
      await writeFile(specFile, spec.replace("paths:\n", `paths:\n${health}`));
      // The spec watcher regenerates; the type checker then finds the handler missing.
      await dev.waitFor(/\[spec\] specwright: 5 operations/, mark);
      await dev.waitFor(/Property 'getHealth' is missing/, mark);
      mark = dev.output().length;
      await writeFile(handlersFile, handlers.replace("  return {\n    listTasks", "  return {\n    getHealth() {\n      return { status: 204 };\n    },\n    listTasks"));
      const url = (await dev.waitFor(listening, mark))[1]!;
      expect((await fetch(`${url}/health`)).status).toBe(204);
      await dev.waitFor(/Found 0 errors/, mark);
    } finally {
      dev.stop("SIGINT");
      await Promise.race([dev.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      dev.stop("SIGKILL");
      await writeFile(specFile, spec);
      await writeFile(handlersFile, handlers);
    }
  }, 300_000);

  it("a second generate after a spec change rewrites generated/ and never touches the handlers file", async () => {
    const specFile = path.join(project, "spec", "openapi.yaml");
    const handlersFile = path.join(project, "src", "handlers.ts");
    const spec = await readFile(specFile, "utf8");
    const handlers = await readFile(handlersFile);
    const { mtimeMs } = await stat(handlersFile);
    try {
      await writeFile(specFile, spec.replace("paths:\n", "paths:\n  /health:\n    get:\n      operationId: getHealth\n      security: []\n      responses:\n        \"204\":\n          description: Up\n"));
      await run(npm, ["run", "generate"], { cwd: project, env: userEnvironment });
      expect(await readFile(path.join(project, "generated", "handlers.ts"), "utf8")).toContain("getHealth: GetHealthHandler");
      expect(await readFile(handlersFile)).toEqual(handlers);
      expect((await stat(handlersFile)).mtimeMs).toBe(mtimeMs);
      // tsc now names what the spec added and the handlers lack.
      const typecheck = await run(npm, ["exec", "tsc"], { cwd: project, env: userEnvironment }).then(
        () => "",
        (error: { stdout: string }) => error.stdout,
      );
      expect(typecheck).toMatch(/src\/handlers\.ts.*Property 'getHealth' is missing/);
    } finally {
      await writeFile(specFile, spec);
    }
  }, 300_000);
});

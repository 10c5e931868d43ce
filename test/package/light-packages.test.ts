/**
 * The light packages (issue 15, "light to install"): `@specwright/runtime` and
 * `@specwright/client`, assembled by `npm run build` into dist/packages, are packed and installed
 * into fresh projects as a user's would be, each alone. A project that only serves, or only
 * calls, gets neither the compiler nor its dependencies, stays within its install budget
 * (runtime ≤ 15 MB, client ≤ 1 MB, counted as file bytes under node_modules), and works: code
 * generated with `packages: "split"` type-checks against the installed package and serves, and
 * the client-only project calls that server. `npm run bench` prints the same figures.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { lightPackages } from "../../src/packaging/light-packages.js";
import { installInFreshProject, pack } from "../bench/lib/install.mjs";
import { temporaryFolder } from "../helpers/temp.js";

const run = promisify(execFile);
const repository = path.resolve(".");
const packagesFolder = path.join(repository, "dist", "packages");
/** Packages a project that installs only a light package must not get. */
const compilerPackages = ["specwright", "typescript", "ts-morph", "openapi-typescript", "@apidevtools/swagger-parser", "swagger2openapi", "swagger-ui-dist", "undici"];

const spec = `openapi: 3.1.0
info: { title: Notes, version: 1.0.0 }
paths:
  /notes/{noteId}:
    get:
      operationId: getNote
      parameters:
        - { name: noteId, in: path, required: true, schema: { type: integer, minimum: 1 } }
      responses:
        "200":
          description: A note
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Note" }
        "404": { description: No such note }
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: { type: string, minLength: 1 }
                pinned: { type: boolean, default: false }
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Note" }
components:
  schemas:
    Note:
      type: object
      required: [id, text, pinned]
      properties:
        id: { type: integer }
        text: { type: string }
        pinned: { type: boolean }
`;

const serverMain = `import { HttpError } from "@specwright/runtime";
import { createServer } from "./generated/routes.js";

const notes = new Map([[1, { id: 1, text: "first", pinned: false }]]);
const server = createServer(
  {
    getNote: ({ path }) => {
      const note = notes.get(path.noteId);
      if (!note) throw new HttpError(404, "no such note");
      return { status: 200, body: { ...note, secret: "dropped" } as typeof note };
    },
    createNote: ({ body }) => {
      const note = { id: notes.size + 1, text: body.text, pinned: body.pinned };
      notes.set(note.id, note);
      return { status: 201, body: note };
    },
  },
  { logger: false },
);
const { url } = await server.listen(0, "127.0.0.1");
console.log(url);
process.on("SIGTERM", () => void server.close());
`;

const clientMain = `import { createClient } from "./generated/client.js";

const client = createClient({ baseUrl: process.argv[2]! });
const results = [
  await client.getNote({ path: { noteId: 1 } }),
  await client.createNote({ body: { text: "second" } }),
  await client.createNote({ body: { text: "" } }),
  await client.getNote({ path: { noteId: 9 } }),
].map((result) => ({ status: result.status, body: result.body }));
console.log(JSON.stringify(results));
`;

type Project = Awaited<ReturnType<typeof installInFreshProject>>;

let runtimeProject: Project;
let clientProject: Project;

beforeAll(async () => {
  const tarballs = await temporaryFolder("specwright-light-pack-");
  try {
    const [runtimeTarball, clientTarball] = await pack([path.join(packagesFolder, "runtime"), path.join(packagesFolder, "client")], tarballs.path);
    [runtimeProject, clientProject] = await Promise.all([installInFreshProject("runtime-only", runtimeTarball!), installInFreshProject("client-only", clientTarball!)]);
  } finally {
    await tarballs.remove();
  }
}, 600_000);
afterAll(async () => {
  await runtimeProject?.remove();
  await clientProject?.remove();
});

/**
 * Generates the spec with `packages: "split"` and the files of one side (`emit`), and
 * compiles `main.ts` and every generated TypeScript file with tsc --strict, the way a project
 * with specwright as a devDependency builds.
 */
async function generateAndCompile(project: Project, main: string, emit: "server" | "client"): Promise<void> {
  await writeFile(path.join(project.path, "openapi.yaml"), spec);
  const out = path.join(project.path, "generated");
  await generate({ spec: path.join(project.path, "openapi.yaml"), out, packages: "split", emit, typesWorker: false });
  await writeFile(path.join(project.path, "main.ts"), main);
  await writeFile(
    path.join(project.path, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: false,
        types: ["node"],
        typeRoots: [path.join(repository, "node_modules", "@types")],
      },
      include: ["main.ts", "generated"],
    }),
  );
  await run(process.execPath, [path.join(repository, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: project.path }).catch((error: { stdout?: string }) => {
    throw new Error(`tsc failed in ${project.path}:\n${error.stdout}`);
  });
}

describe("the light packages, each installed alone", () => {
  it("hold every module their entry points reach, and import only declared dependencies", async () => {
    for (const lightPackage of lightPackages) {
      const folder = path.join(packagesFolder, lightPackage.folder);
      const manifest = JSON.parse(await readFile(path.join(folder, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
      const result = await build({
        entryPoints: Object.values(lightPackage.entryPoints).map((module) => path.join(folder, `${module}.js`)),
        bundle: true,
        write: false,
        outdir: "out",
        platform: "node",
        format: "esm",
        packages: "external",
        metafile: true,
        logLevel: "silent",
      });
      const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(input));
      expect(inputs.filter((input) => !input.startsWith(folder + path.sep))).toEqual([]);
      const imported = new Set(
        Object.values(result.metafile.inputs).flatMap((input) =>
          input.imports.filter((entry) => entry.external && !entry.path.startsWith("node:")).map((entry) => entry.path.split("/").slice(0, entry.path.startsWith("@") ? 2 : 1).join("/")),
        ),
      );
      expect([...imported].filter((name) => !declared.has(name)), lightPackage.name).toEqual([]);
    }
  });

  it("install without the compiler's dependencies, within their budgets", () => {
    for (const project of [runtimeProject, clientProject]) {
      const installed = compilerPackages.filter((name) => existsSync(path.join(project.path, "node_modules", name)));
      expect(installed, project.path).toEqual([]);
    }
    expect(runtimeProject.bytes).toBeLessThanOrEqual(15_000_000);
    expect(clientProject.bytes).toBeLessThanOrEqual(1_000_000);
  });

  it("serve code generated with packages: split and emit: server from the runtime alone, called by a client project that has only the client (emit: client)", async () => {
    await Promise.all([generateAndCompile(runtimeProject, serverMain, "server"), generateAndCompile(clientProject, clientMain, "client")]);
    const sources = async (project: Project) => (await readdir(path.join(project.path, "generated"))).filter((file) => !file.startsWith(".") && !file.endsWith(".js")).sort();
    expect(await sources(clientProject)).toEqual(["client.ts", "enums.ts", "operations.ts", "types.ts"]);
    expect(await sources(runtimeProject)).toEqual(["enums.ts", "formats.cjs", "handlers.ts", "index.ts", "openapi.cjs", "openapi.json", "operations.ts", "routes.ts", "types.ts", "validators.cjs", "validators.d.cts"]);
    const server = spawn(process.execPath, ["main.js"], { cwd: runtimeProject.path, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const url = await firstLine(server);
      const { stdout } = await run(process.execPath, ["main.js", url], { cwd: clientProject.path });
      expect(JSON.parse(stdout)).toEqual([
        { status: 200, body: { id: 1, text: "first", pinned: false } },
        { status: 201, body: { id: 2, text: "second", pinned: false } },
        { status: 422, body: expect.objectContaining({ errors: [expect.objectContaining({ loc: ["body", "text"], keyword: "minLength" })] }) },
        { status: 404, body: expect.objectContaining({ status: 404, detail: "no such note" }) },
      ]);
      // /docs serves the Swagger UI files @specwright/runtime carries (swagger-ui-dist is not installed).
      const page = await fetch(`${url}/docs`);
      expect(page.status).toBe(200);
      const bundle = await fetch(`${url}/docs/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(100_000);
    } finally {
      server.kill("SIGTERM");
    }
  }, 300_000);
});

/** The first line a child process writes to stdout (the server's URL). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} before printing its URL`)));
  });
}

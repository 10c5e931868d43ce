/**
 * Uses specwright as a user's project would: packs this package, installs the tarball into a
 * fresh project, runs its `specwright generate` there, type-checks the output with the project's
 * own tsc and runs a server and a client built from it. Catches a missing `exports` entry, an
 * unbuilt file or a dev-only import.
 */
import { execFile } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProcess } from "../helpers/mock-process.js";
import { temporaryFolder } from "../helpers/temp.js";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let project: { path: string; remove: () => Promise<void> };

const spec = `openapi: 3.0.3
info:
  title: Notes
  version: 1.0.0
paths:
  /notes/{noteId}:
    get:
      operationId: getNote
      parameters:
        - name: noteId
          in: path
          required: true
          schema: { type: integer, minimum: 1 }
      responses:
        "200":
          description: A note
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Note" }
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
              additionalProperties: false
              properties:
                text: { type: string, minLength: 1 }
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
      required: [id, text]
      properties:
        id: { type: integer }
        text: { type: string, nullable: true }
`;

const main = `import { createServer } from "./generated/routes.js";
import { createClient } from "./generated/client.js";
import { undiciTransport } from "specwright/client/undici";
import { HttpError } from "specwright/runtime";

const notes = new Map<number, string>([[1, "first"]]);
const server = createServer(
  {
    getNote: ({ path }) => {
      const text = notes.get(path.noteId);
      if (text === undefined) throw new HttpError(404, "no such note");
      return { status: 200, body: { id: path.noteId, text, secret: "dropped" } as { id: number; text: string } };
    },
    createNote: ({ body }) => {
      const id = notes.size + 1;
      notes.set(id, body.text);
      return { status: 201, body: { id, text: body.text } };
    },
  },
  { logger: false },
);
const { url } = await server.listen(0, "127.0.0.1");
const client = createClient({ baseUrl: url, transport: undiciTransport() });
const results = [
  await client.getNote({ path: { noteId: 1 } }),
  await client.createNote({ body: { text: "second" } }),
  await client.createNote({ body: { text: "" } }),
].map((result) => ({ status: result.status, body: result.body }));
const missing = await fetch(url + "/notes/9");
console.log(JSON.stringify({ results, missing: missing.status }));
await server.close();
`;

beforeAll(async () => {
  project = await temporaryFolder("specwright-user-");
  const tarballs = await temporaryFolder("specwright-pack-");
  await run(npm, ["pack", "--pack-destination", tarballs.path, "--silent"], { cwd: path.resolve(".") });
  const tarball = (await readdir(tarballs.path)).find((name) => name.endsWith(".tgz"))!;
  await writeFile(path.join(project.path, "package.json"), JSON.stringify({ name: "user-app", private: true, type: "module" }));
  await run(npm, ["install", "--no-audit", "--no-fund", "--loglevel=error", path.join(tarballs.path, tarball), "@types/node@20"], {
    cwd: project.path,
  });
  await tarballs.remove();
}, 600_000);
afterAll(() => project?.remove());

describe("the packed package in a fresh project", () => {
  it("generates, type-checks with tsc --strict, and serves with the generated client", async () => {
    const cwd = project.path;
    await writeFile(path.join(cwd, "openapi.yaml"), spec);
    await run(path.join(cwd, "node_modules/.bin/specwright"), ["generate", "openapi.yaml", "--out", "generated"], { cwd });
    await writeFile(path.join(cwd, "main.ts"), main);
    await writeFile(
      path.join(cwd, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: false, types: ["node"] },
        files: ["main.ts"],
      }),
    );
    // Emitting next to the sources keeps generated/*.cjs beside the compiled routes.js.
    await run(process.execPath, [path.join(cwd, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd });
    const { stdout } = await run(process.execPath, ["main.js"], { cwd });
    expect(JSON.parse(stdout)).toEqual({
      results: [
        { status: 200, body: { id: 1, text: "first" } },
        { status: 201, body: { id: 2, text: "second" } },
        {
          status: 422,
          body: expect.objectContaining({ errors: [expect.objectContaining({ in: "body", loc: ["body", "text"], keyword: "minLength" })] }),
        },
      ],
      missing: 404,
    });
  }, 300_000);

  it("serves the spec with specwright mock, the generated server loaded from the installed package", async () => {
    const cwd = project.path;
    await writeFile(path.join(cwd, "openapi.yaml"), spec);
    const mock = await startMockProcess(["openapi.yaml"], 120_000, path.join(cwd, "node_modules/specwright/dist/cli/specwright.js"), cwd);
    try {
      const note = await fetch(`${mock.url}/notes/1`);
      expect(note.status).toBe(200);
      expect(await note.json()).toEqual({ id: expect.any(Number), text: expect.toSatisfy((text: unknown) => text === null || typeof text === "string") });
      expect((await fetch(`${mock.url}/notes/0`)).status).toBe(422);
    } finally {
      expect(await mock.stop()).toBe(0);
    }
  }, 300_000);
});

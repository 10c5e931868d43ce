/**
 * Multi-file specs: relative-file `$ref`s across several files resolve; files outside the spec's
 * folder (path traversal, CWE-22) and remote (http) `$ref`s (server-side request forgery, CWE-918)
 * are refused unless an option allows them.
 * The remote cases use a real HTTP server on 127.0.0.1.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generate, SpecError } from "specwright";
import { minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const folders = temporaryFolders();
afterEach(folders.removeAll);

/** minimalSpec with the response schema replaced by a `$ref`. */
function specReferencing(ref: string): string {
  return minimalSpec.replace("type: object\n                properties:\n                  id:\n                    type: integer\n", `$ref: ${JSON.stringify(ref)}\n`);
}

const refPointer = "#/paths/~1items~1{itemId}/get/responses/200/content/application~1json/schema/$ref";

/** The message of the SPW_E_REF a generate run must fail with; the diagnostic points at the `$ref` (line 21). */
async function refusal(spec: string, options: Parameters<typeof generate>[0] = {}): Promise<string> {
  try {
    await generate({ spec, out: path.join(path.dirname(spec), "out"), ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    const [diagnostic] = (error as SpecError).diagnostics;
    expect(diagnostic).toMatchObject({ code: "SPW_E_REF", pointer: refPointer, line: 21 });
    return diagnostic!.message;
  }
  throw new Error("generate did not fail");
}

let server: Server;
let baseUrl = "";
const requested: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    requested.push(request.url ?? "");
    if (request.url === "/schemas/item.yaml") response.end("type: object\nrequired: [remote]\nproperties:\n  remote:\n    type: string\n");
    else if (request.url === "/schemas-evil/item.yaml") response.end("type: object\n");
    else response.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("relative files", () => {
  it("resolves $refs through several files and folders", async () => {
    const work = await folders.folder();
    await mkdir(path.join(work, "schemas"));
    await writeSpec(path.join(work, "schemas"), "type: object\nrequired: [owner]\nproperties:\n  owner:\n    $ref: './person.yaml'\n", "item.yaml");
    await writeSpec(path.join(work, "schemas"), "type: object\nrequired: [name]\nproperties:\n  name:\n    type: string\n", "person.yaml");
    const spec = await writeSpec(work, specReferencing("./schemas/item.yaml"));
    const out = path.join(work, "out");
    await generate({ spec, out });
    const types = await readFile(path.join(out, "types.ts"), "utf8");
    // Each file's schema is a component named after the file (test/compiler/external-file-names.test.ts).
    expect(types).toMatch(/owner: components\["schemas"\]\["Person"\];/);
    expect(types).toMatch(/Person: \{\s+name: string;/);
  });

  it("allows a file outside the spec's folder only with allowExternalFiles", async () => {
    const work = await folders.folder();
    await mkdir(path.join(work, "api"));
    await writeSpec(work, "type: object\nproperties:\n  shared:\n    type: boolean\n", "shared.yaml");
    const spec = await writeSpec(path.join(work, "api"), specReferencing("../shared.yaml"));
    expect(await refusal(spec)).toContain("outside the spec's folder");
    await generate({ spec, out: path.join(work, "out"), allowExternalFiles: true });
    expect(await readFile(path.join(work, "out", "types.ts"), "utf8")).toContain("shared?: boolean");
  });
});

describe("remote $refs", () => {
  it("are refused by default, without a request", async () => {
    const spec = await writeSpec(await folders.folder(), specReferencing(`${baseUrl}/schemas/item.yaml`));
    requested.length = 0;
    expect(await refusal(spec)).toContain("is remote; pass --allow-remote-refs");
    expect(requested).toEqual([]);
  });

  it("are fetched under an allowed URL prefix, and only there", async () => {
    const work = await folders.folder();
    const spec = await writeSpec(work, specReferencing(`${baseUrl}/schemas/item.yaml`));
    await generate({ spec, out: path.join(work, "out"), allowRemoteReferences: [`${baseUrl}/schemas/`] });
    expect(await readFile(path.join(work, "out", "types.ts"), "utf8")).toContain("remote: string");

    // The prefix is a path boundary: /schemas does not allow /schemas-evil/…, nor another origin.
    const evil = await writeSpec(await folders.folder(), specReferencing(`${baseUrl}/schemas-evil/item.yaml`));
    expect(await refusal(evil, { allowRemoteReferences: [`${baseUrl}/schemas`] })).toContain("is remote");
    expect(await refusal(spec, { allowRemoteReferences: ["http://localhost:1/schemas/"] })).toContain("is remote");
  });

  it("report a failed fetch at the $ref", async () => {
    const spec = await writeSpec(await folders.folder(), specReferencing(`${baseUrl}/schemas/missing.yaml`));
    expect(await refusal(spec, { allowRemoteReferences: [`${baseUrl}/schemas/`] })).toContain("answered 404");
  });
});

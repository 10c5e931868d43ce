/**
 * `emit` (issue 15, "light to install"): a server project writes all but the client's files, a
 * frontend only the client's, so that each output folder type-checks with its one package
 * (test/package/light-packages.test.ts installs them); frontend outputs without the client are
 * refused before anything is written.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate, SpecError } from "specwright";
import { minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

const sources = async (out: string) => (await readdir(out)).filter((file) => !file.startsWith(".")).sort();

describe("generate's emit option", () => {
  it('writes what a frontend needs with emit: "client", importing nothing from the runtime', async () => {
    const work = await folder();
    const out = path.join(work, "generated");
    await generate({ spec: await writeSpec(work, minimalSpec), out, emit: "client", msw: true, tanstackQuery: true, typesWorker: false });
    expect(await sources(out)).toEqual(["client.ts", "enums.ts", "msw.ts", "operations.ts", "tanstack-query.ts", "types.ts"]);
    for (const file of await sources(out)) expect(await readFile(path.join(out, file), "utf8"), file).not.toMatch(/from "(?:specwright|@specwright)\/runtime"|\.\/handlers\.js|\.\/routes\.js/);
  });

  it('leaves the client out with emit: "server", and the index no longer re-exports it', async () => {
    const work = await folder();
    const out = path.join(work, "generated");
    await generate({ spec: await writeSpec(work, minimalSpec), out, emit: "server", typesWorker: false });
    expect(await sources(out)).toEqual(["enums.ts", "formats.cjs", "handlers.ts", "index.ts", "openapi.cjs", "openapi.json", "operations.ts", "routes.ts", "types.ts", "validators.cjs", "validators.d.cts"]);
    for (const file of await sources(out)) expect(await readFile(path.join(out, file), "utf8"), file).not.toMatch(/specwright\/client|\.\/client\.js/);
  });

  it('refuses msw or tanstackQuery with emit: "server" (SPW_E_CONFIG), writing nothing', async () => {
    const work = await folder();
    const out = path.join(work, "generated");
    const failure = await generate({ spec: await writeSpec(work, minimalSpec), out, emit: "server", msw: true, typesWorker: false }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SpecError);
    expect((failure as SpecError).diagnostics).toEqual([expect.objectContaining({ code: "SPW_E_CONFIG", message: expect.stringContaining('msw writes a file for the client, which emit: "server" leaves out') })]);
    expect(await readdir(work)).not.toContain("generated");
  });
});

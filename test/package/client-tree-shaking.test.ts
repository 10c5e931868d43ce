/**
 * The generated client tree-shakes (issue 15): a bundle holds the code of the features its spec
 * uses, and of the operations it calls. Generated clients are bundled with esbuild for the
 * browser as a user's project would (no tsconfig paths: `specwright/client` resolves through the
 * package's exports to dist/, which pretest builds), and esbuild's metafile says which modules put
 * code in the bundle. Sizes are `npm run bench`'s business, not this test's.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

/** One operation per optional feature: JSON only, server-sent events, multipart, a form, header and cookie parameters, a `content` parameter, date-times. */
const spec = `openapi: 3.1.0
info: { title: Features, version: 1.0.0 }
paths:
  /notes/{noteId}:
    get:
      operationId: getNote
      parameters:
        - { name: noteId, in: path, required: true, schema: { type: integer } }
      responses:
        "200":
          description: A note
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer }, text: { type: string } } }
  /notes/events:
    get:
      operationId: watchNotes
      responses:
        "200":
          description: Notes as they are written
          content:
            text/event-stream:
              schema: { type: object, properties: { id: { type: integer } } }
  /notes/uploads:
    post:
      operationId: uploadNote
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: { type: object, properties: { file: { type: string, format: binary } } }
      responses:
        "204": { description: Stored }
  /notes/forms:
    post:
      operationId: submitNote
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: { type: object, properties: { text: { type: string } } }
      responses:
        "204": { description: Stored }
  /notes/drafts:
    get:
      operationId: listDrafts
      parameters:
        - { name: X-Author, in: header, schema: { type: string } }
        - { name: session, in: cookie, schema: { type: string } }
      responses:
        "204": { description: None yet }
  /notes/search:
    get:
      operationId: searchNotes
      parameters:
        - name: filter
          in: query
          content:
            application/json:
              schema: { type: object, properties: { text: { type: string } } }
      responses:
        "200":
          description: Matching notes
          content:
            application/json:
              schema: { type: object, properties: { changedAt: { type: string, format: date-time } } }
`;

/** The modules that carry one optional feature each, as dist/ holds them. */
const featureModules = {
  eventStream: "dist/src/wire/event-stream.js",
  multipart: "dist/src/client/multipart.js",
  headerParameter: "dist/src/client/header-parameters.js",
  cookieParameter: "dist/src/client/cookie-parameters.js",
  contentParameter: "dist/src/client/content-parameters.js",
  dates: "dist/src/wire/dates.js",
  retries: "dist/src/client/retry.js",
  undici: "dist/src/client/undici.js",
} as const;

const outputs = {
  plain: path.resolve(".test-output", `tree-shaking-plain-${process.pid}`),
  features: path.resolve(".test-output", `tree-shaking-features-${process.pid}`),
  dates: path.resolve(".test-output", `tree-shaking-dates-${process.pid}`),
};
let removeSpecs: () => Promise<void> = async () => {};

beforeAll(async () => {
  const temp = await temporaryFolder();
  removeSpecs = temp.remove;
  const plain = spec.slice(0, spec.indexOf("  /notes/events:"));
  await generate({ spec: await writeSpec(temp.path, plain, "plain.yaml"), out: outputs.plain });
  await generate({ spec: await writeSpec(temp.path, spec, "features.yaml"), out: outputs.features });
  await generate({ spec: path.join(temp.path, "features.yaml"), out: outputs.dates, dateTime: "date" });
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(outputs).map((folder) => rm(folder, { recursive: true, force: true })));
  await removeSpecs();
});

/**
 * Bundles `entry` (a module importing `./client.js` of `folder`) for the browser, minified, and
 * returns the repository-relative paths of the modules that put code in the bundle, and its text.
 */
async function bundle(folder: string, entry: string): Promise<{ modules: Set<string>; text: string }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: folder, sourcefile: "entry.ts", loader: "ts" },
    bundle: true, platform: "browser", format: "esm", minify: true, write: false, logLevel: "silent", metafile: true,
    // As in a user's project: no paths mapping specwright/client to the sources.
    tsconfigRaw: {},
  });
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const modules = new Set(Object.entries(inputs).filter(([, input]) => input.bytesInOutput > 0).map(([file]) => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/")));
  return { modules, text: result.outputFiles[0]!.text };
}

/** Which of {@link featureModules} are in a bundle. */
function featuresIn(modules: Set<string>): string[] {
  return Object.entries(featureModules).filter(([, file]) => modules.has(file)).map(([feature]) => feature);
}

describe("tree-shaking of the generated client", () => {
  it("leaves out every optional feature for a spec with JSON operations only", async () => {
    const { modules, text } = await bundle(outputs.plain, 'export { createClient } from "./client.ts";');
    expect(modules).toContain("dist/src/client/call-engine.js");
    expect(featuresIn(modules)).toEqual([]);
    expect(text).not.toMatch(/\bnode:[a-z]/);
  });

  it("keeps a feature's code exactly when an operation that uses it is kept", async () => {
    const all = await bundle(outputs.features, 'export { createClient } from "./client.ts";');
    expect(featuresIn(all.modules)).toEqual(["eventStream", "multipart", "headerParameter", "cookieParameter", "contentParameter"]);
    const single = async (operation: string) =>
      featuresIn((await bundle(outputs.features, `import { createCore, ${operation} } from "./client.ts";\nexport const call = (baseUrl) => ${operation}(createCore({ baseUrl }), {});\n`)).modules);
    expect(await single("getNote")).toEqual([]);
    expect(await single("watchNotes")).toEqual(["eventStream"]);
    expect(await single("uploadNote")).toEqual(["multipart"]);
    expect(await single("searchNotes")).toEqual(["contentParameter"]);
    expect(await single("listDrafts")).toEqual(["headerParameter", "cookieParameter"]);
  });

  it("drops the descriptors of operations that are not called", async () => {
    const { text } = await bundle(outputs.features, 'import { createCore, getNote } from "./client.ts";\nexport const call = (baseUrl) => getNote(createCore({ baseUrl }), { path: { noteId: 1 } });\n');
    expect(text).toContain('"/notes/{noteId}"');
    for (const other of ["/notes/events", "/notes/uploads", "/notes/forms", "/notes/drafts", "/notes/search"]) expect(text).not.toContain(`"${other}"`);
  });

  it("keeps the dates codec with dateTime \"date\", and retries only when the retries middleware is used", async () => {
    expect(featuresIn((await bundle(outputs.dates, 'export { createClient } from "./client.ts";')).modules)).toContain("dates");
    const withRetries = await bundle(outputs.plain, 'import { retries } from "specwright/client";\nimport { createClient } from "./client.ts";\nexport const client = (baseUrl) => createClient({ baseUrl, middleware: [retries()] });\n');
    expect(featuresIn(withRetries.modules)).toEqual(["retries"]);
  });
});

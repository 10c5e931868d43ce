/**
 * Schemas reached through `$ref`s to other files keep names of their own (issue 13): each becomes a
 * component named after its key (`dog.yaml#/Dog` → `Dog`) or, for a whole file, after the file
 * (`cat.yaml` → `Cat`), whatever operation reaches it first, so every emitter names it the same
 * way. The fixture `test/fixtures/multi-file` is a pet clinic split over six files: a `oneOf` of
 * two files, a whole-file schema, one schema referenced from three operations, two files that both
 * define `Dog`, and files that refer back to a component of the root document.
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, SpecError, type CompiledResult } from "specwright";
import { inject } from "specwright/runtime";
import { loadDocument } from "../../src/load/load-document.js";
import { temporaryFolder, temporaryFolders } from "../helpers/temp.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const fixture = path.resolve("test/fixtures/multi-file");
const out = path.resolve(".test-output", `external-names-${process.pid}`);
const folders = temporaryFolders();
let result: CompiledResult;
let types: string;
let routes: string;

beforeAll(async () => {
  result = (await generate({ spec: path.join(fixture, "openapi.yaml"), out, force: true })) as CompiledResult;
  types = await readFile(path.join(out, "types.ts"), "utf8");
  routes = await readFile(path.join(out, "routes.ts"), "utf8");
});
afterAll(async () => {
  await folders.removeAll();
  if (!process.env["KEEP_OUTPUT"]) await rm(out, { recursive: true, force: true });
});

/** The `components.schemas` member names of a types.ts text, in order. */
function componentSchemaNames(text: string): string[] {
  const body = /export interface components \{\n {4}schemas: \{\n([\s\S]*?)\n {4}\};\n/.exec(text)?.[1] ?? "";
  return [...body.matchAll(/^ {8}([A-Za-z0-9_]+): /gm)].map((match) => match[1]!);
}

describe("schemas from other files", () => {
  it("become components named after their key or file, the root's own first", () => {
    expect(result.model.schemas.map((schema) => schema.name)).toEqual(["Owner", "Pet", "Error", "PatientsDog", "Cat", "Dog", "Breed"]);
    expect(componentSchemaNames(types)).toEqual(["Owner", "Pet", "Error", "PatientsDog", "Cat", "Dog", "Breed"]);
    // No name derived from the place a schema was first met.
    expect(types).not.toMatch(/paths__|_oneOf_|_schema\b/);
  });

  it("name both branches of a oneOf, and refer to the root document's component from another file", () => {
    expect(types).toMatch(/ {8}Pet: components\["schemas"\]\["Cat"\] \| components\["schemas"\]\["Dog"\];/);
    // The mapping's file references became component references, so the tags are the mapped values.
    expect(types).toMatch(/ {8}Cat: \{[\s\S]*?kind: "cat";/);
    expect(types).toMatch(/ {8}Cat: \{[\s\S]*?owner\?: components\["schemas"\]\["Owner"\];/);
    expect(types).toMatch(/ {8}Dog: \{[\s\S]*?breed\?: components\["schemas"\]\["Breed"\];[\s\S]*?owner\?: components\["schemas"\]\["Owner"\];/);
  });

  it("give one component to a schema referenced from several operations", () => {
    const document = JSON.parse(result.files.find((file) => file.path === "openapi.json")!.text) as { paths: Record<string, Record<string, any>> };
    const petRefs = [
      document.paths["/pets"]!["get"].responses["200"].content["application/json"].schema.items.$ref,
      document.paths["/pets"]!["post"].requestBody.content["application/json"].schema.$ref,
      document.paths["/pets"]!["post"].responses["201"].content["application/json"].schema.$ref,
      document.paths["/pets/{petId}"]!["get"].responses["200"].content["application/json"].schema.$ref,
    ];
    expect(petRefs).toEqual(Array(4).fill("#/components/schemas/Pet"));
    expect(document.paths["/pets"]!["get"].responses.default.content["application/json"].schema.$ref).toBe("#/components/schemas/Error");
  });

  it("name the enum constants, serialisers and handler types after the component", async () => {
    expect(await readFile(path.join(out, "enums.ts"), "utf8")).toMatch(/export const BreedValues = \["beagle", "collie", "poodle"\] as const;/);
    const writers = [...routes.matchAll(/^function (write\w+)\(/gm)].map((match) => match[1]);
    // A union's serialiser keeps what any branch declares: one function, named after the union.
    expect(writers).toEqual(expect.arrayContaining(["writePet", "writeOwner", "writeError", "writePatientsDog"]));
    expect(writers.filter((name) => /^writeSchema\d*$/.test(name!))).toEqual([]);
  });

  it("disambiguate two files' schemas of one name by the file that is not named like it", () => {
    // schemas/dog.yaml#/Dog keeps `Dog`: its file bears the name. schemas/vet/patients.yaml#/Dog is `PatientsDog`.
    expect(types).toMatch(/ {8}PatientsDog: \{\n {12}chipId: string;/);
    expect(types).toMatch(/listVetDogs: \{[\s\S]*?"application\/json": components\["schemas"\]\["PatientsDog"\]\[\];/);
  });

  it("compile under tsc --strict and serve: a response through an external schema leaves out its writeOnly property", async () => {
    expect(await typecheckGenerated(out)).toBe("");
    type Server = { close(): Promise<void> };
    const { createServer } = (await import(pathToFileURL(path.join(out, "routes.ts")).href)) as { createServer(handlers: object, options: object): Server };
    const { createClient } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createClient(options: object): Record<string, (input?: object) => Promise<{ status: number; body: unknown }>> };
    const notCalled = () => { throw new Error("not called"); };
    const server = createServer(
      {
        listPets: () => ({ status: 200, body: [{ kind: "dog", name: "Rex", breed: "collie", owner: { name: "Ann" }, extra: 1 }] }),
        createPet: () => ({ status: 400, body: { message: "no", secret: "hidden" } }),
        getPet: notCalled,
        listVetDogs: notCalled,
      },
      { logger: false },
    );
    const client = createClient({ baseUrl: "http://in-process", transport: inject(server as never) });
    // Dog's serialiser drops the undeclared `extra`; Error's drops the writeOnly `secret`.
    const list = await client["listPets"]!();
    expect(list.status).toBe(200);
    expect(list.body).toEqual([{ kind: "dog", name: "Rex", breed: "collie", owner: { name: "Ann" } }]);
    const created = await client["createPet"]!({ body: { kind: "cat", name: "Tom" } });
    expect(created.status).toBe(400);
    expect(created.body).toEqual({ message: "no" });
  });

  it("do not depend on the order the document reaches them in", async () => {
    const work = await folders.folder();
    await cp(fixture, work, { recursive: true });
    // The vet's dogs first, the pets after: the names stay.
    const text = await readFile(path.join(work, "openapi.yaml"), "utf8");
    const [head, rest] = text.split("  /pets:\n");
    const [pets, vets] = rest!.split("  /vets/{vetId}/dogs:\n");
    const [vetPaths, components] = vets!.split("components:\n");
    await writeFile(path.join(work, "openapi.yaml"), `${head}  /vets/{vetId}/dogs:\n${vetPaths}  /pets:\n${pets}components:\n${components}`);
    const reordered = (await generate({ spec: path.join(work, "openapi.yaml"), out: path.join(work, "out") })) as CompiledResult;
    expect(reordered.model.schemas.map((schema) => schema.name).sort()).toEqual(["Breed", "Cat", "Dog", "Error", "Owner", "PatientsDog", "Pet"]);
    const schemaOf = (model: CompiledResult["model"], name: string) => model.schemas.find((schema) => schema.name === name)!.schema;
    for (const name of ["Dog", "PatientsDog", "Pet"]) expect(schemaOf(reordered.model, name)).toEqual(schemaOf(result.model, name));
  });
});

describe("positions in other files", () => {
  it("are given for warnings about a schema written in another file", () => {
    const warning = result.warnings.find((candidate) => candidate.code === "SPW_W_LINT_UNBOUNDED_STRING" && candidate.pointer === "#/components/schemas/Cat/properties/name");
    expect(warning).toMatchObject({ file: path.join(fixture, "schemas/cat.yaml"), line: 6, column: 3 });
  });

  it("are given for errors in another file", async () => {
    const work = await folders.folder();
    await cp(fixture, work, { recursive: true });
    const dog = await readFile(path.join(work, "schemas/dog.yaml"), "utf8");
    // `required: [kind, name, age]` with `additionalProperties: false` and no `age`: no object is valid.
    await writeFile(path.join(work, "schemas/dog.yaml"), dog.replace("  required: [kind, name]\n", "  additionalProperties: false\n  required: [kind, name, age]\n"));
    const error = await generate({ spec: path.join(work, "openapi.yaml"), out: path.join(work, "out") }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).diagnostics).toContainEqual(
      expect.objectContaining({ code: "SPW_E_REQUIRED_UNDECLARED", file: path.join(work, "schemas/dog.yaml"), line: 4, column: 26, pointer: "#/components/schemas/Dog/required/2" }),
    );
  });

  it("point at a $ref in another file whose target does not exist", async () => {
    const work = await folders.folder();
    await cp(fixture, work, { recursive: true });
    const dog = await readFile(path.join(work, "schemas/dog.yaml"), "utf8");
    await writeFile(path.join(work, "schemas/dog.yaml"), dog.replace('$ref: "#/Breed"', '$ref: "#/Breeds"'));
    const error = await loadDocument(path.join(work, "openapi.yaml")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).diagnostics[0]).toMatchObject({ code: "SPW_E_REF", file: path.join(work, "schemas/dog.yaml"), line: 10, column: 7 });
    expect((error as SpecError).diagnostics[0]!.message).toContain("#/Breeds");
  });
});

describe("the served document", () => {
  it("is the bundled document with the files' schemas as components, and is valid", async () => {
    const served = path.join(out, "openapi.json");
    const text = await readFile(served, "utf8");
    expect(text).not.toMatch(/"\$ref": "[^#]/);
    const loaded = await loadDocument(served);
    expect(Object.keys(loaded.document.components!["schemas"]!)).toEqual(expect.arrayContaining(["Owner", "Pet", "Cat", "Dog", "Breed", "Error", "PatientsDog"]));
    expect(loaded.warnings).toEqual([]);
  });
});

it("a component that is a $ref to another file takes the file's schema under the component's name", async () => {
  const { path: work, remove } = await temporaryFolder();
  try {
    await cp(fixture, work, { recursive: true });
    const text = await readFile(path.join(work, "openapi.yaml"), "utf8");
    await writeFile(path.join(work, "openapi.yaml"), text.replace("components:\n  schemas:\n", 'components:\n  schemas:\n    Animal:\n      $ref: "./schemas/pet.yaml#/Pet"\n'));
    const loaded = await loadDocument(path.join(work, "openapi.yaml"));
    const schemas = loaded.document.components!["schemas"]!;
    expect(Object.keys(schemas)).toEqual(["Animal", "Owner", "Error", "PatientsDog", "Cat", "Dog", "Breed"]);
    expect(schemas["Animal"]).toMatchObject({ oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }] });
    expect(loaded.sourceMap.locate("#/components/schemas/Animal/oneOf/1")).toEqual({ file: path.join(work, "schemas/pet.yaml"), line: 4, column: 7 });
  } finally {
    await remove();
  }
});

describe("other objects from other files", () => {
  /** Writes `files` (relative path → text) into a fresh folder and loads its openapi.yaml. */
  async function loadFiles(files: Record<string, string>) {
    const work = await folders.folder();
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(work, name)), { recursive: true });
      await writeFile(path.join(work, name), text);
    }
    return { work, loaded: await loadDocument(path.join(work, "openapi.yaml")) };
  }
  const head = "openapi: 3.0.3\ninfo:\n  title: Split\n  version: 1.0.0\n";

  it("copy a path item where it is referenced, and its parameters, responses and schemas into components", async () => {
    const { work, loaded } = await loadFiles({
      "openapi.yaml": `${head}paths:\n  /pets:\n    $ref: "./paths/pets.yaml"\n`,
      "paths/pets.yaml": [
        "get:",
        "  operationId: listPets",
        "  parameters:",
        '    - $ref: "../common.yaml#/components/parameters/limit"',
        "  responses:",
        '    "200":',
        "      description: The pets",
        "      content:",
        "        application/json:",
        "          schema:",
        "            type: array",
        "            items:",
        '              $ref: "../schemas/pet.json"',
        '    "404":',
        '      $ref: "../common.yaml#/components/responses/NotFound"',
        "",
      ].join("\n"),
      "common.yaml": "components:\n  parameters:\n    limit:\n      name: limit\n      in: query\n      schema:\n        type: integer\n  responses:\n    NotFound:\n      description: Not found\n",
      "schemas/pet.json": JSON.stringify({ type: "object", properties: { name: { type: "string", nullable: true } } }, null, 2),
    });
    const { document } = loaded;
    expect(document.paths!["/pets"]!["get"]).toMatchObject({
      operationId: "listPets",
      parameters: [{ $ref: "#/components/parameters/limit" }],
      responses: { "200": { content: { "application/json": { schema: { items: { $ref: "#/components/schemas/Pet" } } } } }, "404": { $ref: "#/components/responses/NotFound" } },
    });
    expect(document.components).toEqual({
      schemas: { Pet: { type: "object", properties: { name: { type: "string", nullable: true } } } },
      parameters: { limit: { name: "limit", in: "query", schema: { type: "integer" } } },
      responses: { NotFound: { description: "Not found" } },
    });
    expect(loaded.sourceMap.locate("#/paths/~1pets/get/responses/200")).toEqual({ file: path.join(work, "paths/pets.yaml"), line: 6, column: 5 });
    expect(loaded.sourceMap.locate("#/components/schemas/Pet/properties/name")).toEqual({ file: path.join(work, "schemas/pet.json"), line: 4, column: 5 });
    expect(loaded.sourceMap.locate("#/components/responses/NotFound/description")).toEqual({ file: path.join(work, "common.yaml"), line: 10, column: 7 });
    expect(loaded.files.map((file) => path.relative(work, file.path)).sort()).toEqual(["common.yaml", "openapi.yaml", "paths/pets.yaml", "schemas/pet.json"]);
  });

  it("keep recursion and cycles between files as references between components", async () => {
    const { loaded } = await loadFiles({
      "openapi.yaml": `${head}paths: {}\ncomponents:\n  schemas:\n    Tree:\n      $ref: "./tree.yaml#/Node"\n`,
      "tree.yaml": 'Node:\n  type: object\n  properties:\n    children:\n      type: array\n      items:\n        $ref: "#/Node"\n    label:\n      $ref: "./label.yaml"\n',
      "label.yaml": 'type: object\nproperties:\n  tree:\n    $ref: "./tree.yaml#/Node"\n',
    });
    expect(loaded.document.components!["schemas"]).toEqual({
      Tree: { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree" } }, label: { $ref: "#/components/schemas/Label" } } },
      Label: { type: "object", properties: { tree: { $ref: "#/components/schemas/Tree" } } },
    });
  });

  it("give a component that is a $ref to an alias (a key that is only a $ref to a third file) the third file's object", async () => {
    // The alias's $ref is relative to the alias file: kept as written in the root document, it
    // was resolved against the root and named a file that does not exist (schemas/../pet.yaml).
    const { work, loaded } = await loadFiles({
      "openapi.yaml": `${head}paths:\n  /pets:\n    $ref: "./paths/pets.yaml"\ncomponents:\n  schemas:\n    Animal:\n      $ref: "./schemas/alias.yaml#/Pet"\n`,
      "schemas/alias.yaml": 'Pet:\n  $ref: "./deep/pet.yaml#/Pet"\n',
      "schemas/deep/pet.yaml": "Pet:\n  type: object\n  properties:\n    name:\n      type: string\n",
      // A path item file that is only a $ref to another file: the operations come from that file.
      "paths/pets.yaml": '$ref: "./real/pets.yaml"\n',
      "paths/real/pets.yaml": [
        "get:",
        "  operationId: listPets",
        "  responses:",
        '    "200":',
        "      description: The pets",
        "      content:",
        "        application/json:",
        "          schema:",
        '            $ref: "../../schemas/deep/pet.yaml#/Pet"',
        "",
      ].join("\n"),
    });
    // One component for the object: the path's reference to it uses the component that is its home.
    expect(loaded.document.components).toEqual({ schemas: { Animal: { type: "object", properties: { name: { type: "string" } } } } });
    expect(loaded.document.paths!["/pets"]!["get"]).toMatchObject({
      operationId: "listPets",
      responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Animal" } } } } },
    });
    // Positions are in the file at the end of the chain, not in the alias.
    expect(loaded.sourceMap.locate("#/paths/~1pets/get/operationId")).toEqual({ file: path.join(work, "paths/real/pets.yaml"), line: 2, column: 3 });
    expect(loaded.sourceMap.locate("#/components/schemas/Animal/properties/name")).toEqual({ file: path.join(work, "schemas/deep/pet.yaml"), line: 4, column: 5 });
  });

  it("keep a component that is a $ref to a boolean schema in another file that boolean: false does not become {}", async () => {
    const { loaded } = await loadFiles({
      "openapi.yaml": "openapi: 3.1.0\ninfo:\n  title: Split\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Never:\n      $ref: \"./bool.yaml#/Nothing\"\n    Holder:\n      properties:\n        gone:\n          $ref: \"./bool.yaml#/Nothing\"\n",
      "bool.yaml": "Nothing: false\n",
    });
    expect(loaded.document.components).toEqual({ schemas: { Never: false, Holder: { properties: { gone: { $ref: "#/components/schemas/Never" } } } } });
  });

  it("name files and keys that are not identifiers with characters a component name can hold", async () => {
    const { loaded } = await loadFiles({
      "openapi.yaml": `${head}paths: {}\ncomponents:\n  schemas:\n    Holder:\n      properties:\n        odd:\n          $ref: "./odd names (1).yaml#/a\\"b *"\n        whole:\n          $ref: "./odd names (1).yaml"\n`,
      "odd names (1).yaml": '"a\\"b *":\n  type: string\n',
    });
    const schemas = loaded.document.components!["schemas"]!;
    expect(Object.keys(schemas)).toEqual(["Holder", "a_b__", "OddNames1"]);
    expect(schemas["Holder"]).toEqual({ properties: { odd: { $ref: "#/components/schemas/a_b__" }, whole: { $ref: "#/components/schemas/OddNames1" } } });
  });

  it("leave a $ref in an extension to the bundler, which copies its target there", async () => {
    const { loaded } = await loadFiles({
      "openapi.yaml": `${head}paths: {}\nx-notes:\n  $ref: "./notes.yaml"\ncomponents:\n  schemas:\n    Note:\n      $ref: "./notes.yaml#/Note"\n`,
      "notes.yaml": "Note:\n  type: string\n  x-more:\n    $ref: '#/Extra'\nExtra:\n  type: integer\n",
    });
    expect(loaded.document["x-notes"]).toMatchObject({ Note: { type: "string" }, Extra: { type: "integer" } });
    expect(loaded.document.components!["schemas"]!["Note"]).toMatchObject({ type: "string" });
    // Every reference left is internal: no file URL of this machine reaches the bundle.
    expect(JSON.stringify(loaded.document)).not.toMatch(/"\$ref":"[^#]/);
  });
});

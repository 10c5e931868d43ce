/**
 * validators.cjs holds each validator once: an export whose schema is a bare `$ref` is the shared
 * validator of the component, identical inline schemas share one function, and sharing changes
 * nothing about what is accepted. Schemas with `unevaluatedProperties` keep ajv's bookkeeping for
 * it (the validators of other specs are built without it).
 */
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { temporaryFolder, writeSpec } from "../helpers/temp.js";

type Validator = ((data: unknown) => boolean) & { errors?: { keyword: string; instancePath: string }[] | null };

const repositoryParameters = [
  { name: "owner", in: "path", required: true, schema: { type: "string" } },
  { name: "repo", in: "path", required: true, schema: { type: "string" } },
];
// Long enough (over 200 characters of JSON) to be compiled once and shared by both places it occurs in.
const inlineUser = {
  type: "object",
  required: ["login", "id"],
  properties: {
    login: { type: "string", minLength: 1, description: "The handle" },
    id: { type: "integer", minimum: 1 },
    site_admin: { type: "boolean", default: false },
    html_url: { type: "string", format: "uri" },
  },
};
const errorResponse = { description: "error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const sharingSpec = {
  openapi: "3.1.0",
  info: { title: "Sharing", version: "1" },
  paths: {
    "/repos/{owner}/{repo}": {
      get: {
        operationId: "getRepo",
        parameters: repositoryParameters,
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } } } }, "404": errorResponse },
      },
    },
    "/repos/{owner}/{repo}/stargazers": {
      get: {
        operationId: "listStargazers",
        parameters: repositoryParameters,
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "array", items: inlineUser } } } } },
      },
      post: {
        operationId: "addCollaborator",
        parameters: repositoryParameters,
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { user: { ...inlineUser, description: "Who" } } } } } },
        responses: { "204": { description: "added" } },
      },
    },
    // Regression (vercel.com in the corpus): an operation's whole schema equal to a subschema of a
    // component; the component must not refer to the operation's export name.
    "/users/{username}": {
      get: {
        operationId: "getUser",
        parameters: [{ name: "username", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "ok", content: { "application/json": { schema: inlineUser } } } },
      },
    },
    "/teams/{team}": {
      get: {
        operationId: "getTeam",
        parameters: [{ name: "team", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Team" } } } } },
      },
    },
    "/repos/{owner}/{repo}/issues": {
      get: {
        operationId: "listIssues",
        parameters: repositoryParameters,
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } } } }, "404": errorResponse },
      },
      post: {
        operationId: "createIssue",
        parameters: [...repositoryParameters, { name: "draft", in: "query", schema: { type: "boolean", default: false } }],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Issue" } } } },
        responses: { "201": { description: "created", content: { "application/json": { schema: { $ref: "#/components/schemas/Issue" } } } }, "422": errorResponse },
      },
    },
  },
  components: {
    schemas: {
      Error: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
      Issue: { type: "object", required: ["title"], properties: { title: { type: "string", minLength: 1 } }, additionalProperties: false },
      Team: { type: "object", required: ["name"], properties: { name: { type: "string" }, owner: inlineUser } },
    },
  },
};

const unevaluatedSpec = {
  openapi: "3.1.0",
  info: { title: "Unevaluated", version: "1" },
  paths: {
    "/pets": {
      post: {
        operationId: "createPet",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } } },
        responses: { "204": { description: "ok" } },
      },
    },
  },
  components: {
    schemas: {
      Named: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
      Pet: { allOf: [{ $ref: "#/components/schemas/Named" }, { properties: { age: { type: "integer" } } }], unevaluatedProperties: false },
    },
  },
};

const outputs: string[] = [];
async function generateValidators(spec: object, name: string): Promise<{ validators: Record<string, Validator>; text: string }> {
  const work = await temporaryFolder();
  const out = path.resolve(".test-output", `${name}-${process.pid}`);
  outputs.push(out);
  await generate({ spec: await writeSpec(work.path, JSON.stringify(spec), `${name}.json`), out });
  await work.remove();
  const file = path.join(out, "validators.cjs");
  return { validators: createRequire(import.meta.url)(file), text: await readFile(file, "utf8") };
}

// Cat's tag schema also occurs in CatNote, so it would be shared, but ajv reads a discriminator's
// tag values from each branch's `properties/kind` without following a `$ref` there.
const discriminatorSpec = {
  openapi: "3.1.0",
  info: { title: "Tags", version: "1" },
  paths: {
    "/pets": {
      post: {
        operationId: "createPet",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } } },
        responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/CatNote" } } } } },
      },
    },
  },
  components: {
    schemas: {
      Pet: { type: "object", required: ["kind"], discriminator: { propertyName: "kind" }, oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }] },
      Cat: { type: "object", properties: { kind: { type: "string", enum: ["cat"] }, purrs: { type: "boolean" } } },
      Dog: { type: "object", properties: { kind: { type: "string", enum: ["dog"] }, barks: { type: "boolean" } } },
      CatNote: { type: "object", properties: { kind: { type: "string", enum: ["cat"] }, note: { type: "string" } } },
    },
  },
};

let sharing: { validators: Record<string, Validator>; text: string };
let unevaluated: { validators: Record<string, Validator>; text: string };
beforeAll(async () => {
  sharing = await generateValidators(sharingSpec, "sharing");
  unevaluated = await generateValidators(unevaluatedSpec, "unevaluated");
}, 60_000);
afterAll(() => Promise.all(outputs.map((out) => rm(out, { recursive: true, force: true }))));

describe("shared validators", () => {
  it("exports a bare $ref's component validator itself, once per component", () => {
    const { validators } = sharing;
    expect(validators["getRepo_404_json"]).toBe(validators["listIssues_404_json"]);
    expect(validators["getRepo_404_json"]).toBe(validators["createIssue_422_json"]);
    expect(validators["createIssue_body_json"]).toBe(validators["createIssue_201_json"]);
  });

  it("shares one function between identical inline schemas, and only between those", () => {
    const { validators } = sharing;
    expect(validators["getRepo_path"]).toBe(validators["listIssues_path"]);
    expect(validators["getRepo_200_json"]).toBe(validators["listIssues_200_json"]);
    expect(validators["createIssue_query"]).not.toBe(validators["getRepo_path"]);
  });

  it("emits each function once", () => {
    // ajv's code is emitted without line breaks (code.lines: false), so declarations are found anywhere.
    const names = [...sharing.text.matchAll(/\bfunction (validate\d+)\(/g)].map((match) => match[1]);
    expect(names.length).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
  });

  it("validates the same through every name", () => {
    const { validators } = sharing;
    for (const name of ["getRepo_path", "listIssues_path", "createIssue_path"]) {
      expect(validators[name]!({ owner: "a", repo: "b" })).toBe(true);
      expect(validators[name]!({ owner: "a" })).toBe(false);
      expect(validators[name]!.errors?.[0]?.keyword).toBe("required");
    }
    for (const name of ["createIssue_body_json", "createIssue_201_json"]) {
      expect(validators[name]!({ title: "x" })).toBe(true);
      expect(validators[name]!({ title: "" })).toBe(false);
      expect(validators[name]!({ title: "x", extra: 1 })).toBe(false);
    }
    const query: Record<string, unknown> = {};
    expect(validators["createIssue_query"]!(query)).toBe(true);
    expect(query).toEqual({ draft: false });
  });
});

describe("repeated inline subschemas", () => {
  it("leave a discriminator's tag property inline, so ajv can read its values", async () => {
    const { validators } = await generateValidators(discriminatorSpec, "discriminator");
    expect(validators["createPet_body_json"]!({ kind: "cat", purrs: true })).toBe(true);
    expect(validators["createPet_body_json"]!({ kind: "fish" })).toBe(false);
    expect(validators["createPet_body_json"]!.errors?.[0]).toMatchObject({ keyword: "discriminator", params: { tag: "kind", tagValue: "fish" } });
  });

  it("are compiled once", () => {
    // One format check (the only `format` in the spec), though the object occurs twice.
    expect(sharing.text.match(/keyword:"format"/g)?.length).toBe(1);
  });

  it("validate, report paths and apply defaults as inline ones would", () => {
    const { validators } = sharing;
    const list = validators["listStargazers_200_json"]!;
    expect(list([{ login: "octocat", id: 1, html_url: "https://github.com/octocat" }])).toBe(true);
    expect(list([{ login: "octocat", id: 1 }, { login: "", id: 2 }])).toBe(false);
    expect(list.errors?.[0]).toMatchObject({ instancePath: "/1/login", keyword: "minLength" });
    expect(list([{ login: "octocat", id: 1, html_url: "not a uri" }])).toBe(false);
    expect(list.errors?.[0]).toMatchObject({ instancePath: "/0/html_url", keyword: "format" });
    const body = { user: { login: "octocat", id: 1 } };
    expect(validators["addCollaborator_body_json"]!(body)).toBe(true);
    expect(body.user).toEqual({ login: "octocat", id: 1, site_admin: false });
    expect(validators["addCollaborator_body_json"]!({ user: { login: "octocat", id: 0 } })).toBe(false);
    expect(validators["addCollaborator_body_json"]!.errors?.[0]).toMatchObject({ instancePath: "/user/id", keyword: "minimum" });
    expect(validators["getTeam_200_json"]!({ name: "core", owner: { login: "octocat", id: 1 } })).toBe(true);
    expect(validators["getTeam_200_json"]!({ name: "core", owner: { login: "octocat" } })).toBe(false);
    expect(validators["getUser_200_json"]!({ login: "octocat", id: 1 })).toBe(true);
  });
});

describe("unevaluatedProperties", () => {
  it("still sees the properties an allOf branch evaluated", () => {
    const validate = unevaluated.validators["createPet_body_json"]!;
    expect(validate({ name: "Rex", age: 3 })).toBe(true);
    expect(validate({ name: "Rex", colour: "brown" })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe("unevaluatedProperties");
  });

  it("is bookkeeping the validators of specs without it do not carry", () => {
    expect(unevaluated.text).toContain(".evaluated");
    expect(sharing.text).not.toContain(".evaluated");
  });
});

/**
 * Lint warnings at generate time (docs/lint.md): each rule on a small spec, where it points, how
 * it aggregates, and each way to silence it; then the CLI flags and GitHub's spec.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generate } from "specwright";
import { loadDocument } from "../../src/load/load-document.js";
import { createDefaultCheck } from "../../src/emit/validators.js";
import { buildModel } from "../../src/model/build-model.js";
import { lintDocument } from "../../src/lint/lint-document.js";
import type { LintSettings } from "../../src/lint/lint-settings.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { temporaryFolders, writeSpec } from "../helpers/temp.js";

const run = promisify(execFile);
const cli = path.resolve("dist/cli/specwright.js");
const { folder, removeAll } = temporaryFolders();
afterEach(removeAll);

type Document = Record<string, any>;

/** A spec every rule is quiet about. */
function clean(): Document {
  return {
    openapi: "3.1.0",
    info: { title: "Shop", version: "1.0.0" },
    paths: {
      "/orders": {
        post: {
          operationId: "createOrder",
          security: [{ key: [] }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/OrderCreate" } } } },
          responses: { "201": { description: "Created" }, "401": { description: "No key" }, "422": { description: "Invalid" } },
        },
        get: {
          operationId: "listOrders",
          security: [],
          responses: { "200": { description: "Orders" } },
        },
      },
    },
    components: {
      securitySchemes: { key: { type: "apiKey", in: "header", name: "X-API-Key" } },
      schemas: {
        OrderCreate: {
          type: "object",
          additionalProperties: false,
          required: ["items"],
          properties: {
            id: { type: "string", readOnly: true },
            note: { type: "string", maxLength: 500 },
            placed: { type: "string", format: "date-time" },
            kind: { type: "string", enum: ["standard", "express"] },
            items: { type: "array", maxItems: 50, items: { $ref: "#/components/schemas/Item" } },
          },
        },
        Item: { type: "object", additionalProperties: false, properties: { sku: { type: "string", maxLength: 20 } } },
      },
    },
  };
}

/** Lints a spec written as YAML (the loader and model as generate runs them). */
async function lint(document: Document, settings?: LintSettings): Promise<{ warnings: Diagnostic[]; file: string }> {
  const file = await writeSpec(await folder(), stringify(document));
  const loaded = await loadDocument(file);
  const { model } = buildModel(loaded, { source: "openapi.yaml", defaultFits: createDefaultCheck() });
  return { warnings: lintDocument(loaded, model, settings), file };
}

const codes = (warnings: Diagnostic[]): string[] => warnings.map((warning) => warning.code);

describe("lint rules", () => {
  it("say nothing about a spec that bounds, closes and secures its inputs", async () => {
    expect((await lint(clean())).warnings).toEqual([]);
  });

  it("api-key-in-query: points at the security scheme", async () => {
    const document = clean();
    document.components.securitySchemes.key.in = "query";
    const { warnings, file } = await lint(document);
    expect(warnings).toEqual([expect.objectContaining({ code: "SPW_W_APIKEY_IN_QUERY", file, pointer: "#/components/securitySchemes/key", line: 32, column: 5 })]);
  });

  it("unbounded-string: one warning per schema, at the first string, naming each one", async () => {
    const document = clean();
    delete document.components.schemas.OrderCreate.properties.note.maxLength;
    document.components.schemas.Item.properties.sku = { type: "string" };
    document.components.schemas.Item.properties.label = { type: ["string", "null"] };
    const { warnings } = await lint(document);
    expect(warnings).toEqual([
      expect.objectContaining({ code: "SPW_W_LINT_UNBOUNDED_STRING", pointer: "#/components/schemas/OrderCreate/properties/note", message: expect.stringContaining("schema OrderCreate: a request string has no maxLength (note)") }),
      expect.objectContaining({ code: "SPW_W_LINT_UNBOUNDED_STRING", pointer: "#/components/schemas/Item/properties/sku", message: expect.stringContaining("schema Item: 2 request strings have no maxLength (sku, label)") }),
    ]);
    expect(warnings[0]!.line).toBeGreaterThan(0);
  });

  it("unbounded-array and open-request-body: inline bodies are named by their operation", async () => {
    const document = clean();
    document.paths["/orders"].post.requestBody.content["application/json"].schema = {
      type: "object",
      properties: { tags: { type: "array", items: { type: "string", maxLength: 10 } }, lines: { type: "array", maxItems: 5, items: { type: "object", properties: { n: { type: "integer" } } } } },
    };
    const { warnings } = await lint(document);
    expect(codes(warnings).sort()).toEqual(["SPW_W_LINT_OPEN_REQUEST_BODY", "SPW_W_LINT_UNBOUNDED_ARRAY"]);
    const open = warnings.find((warning) => warning.code === "SPW_W_LINT_OPEN_REQUEST_BODY")!;
    expect(open.message).toContain("the request body of createOrder (application/json): 2 request objects accept any property ((the body itself), lines[])");
    expect(open.pointer).toBe("#/paths/~1orders/post/requestBody/content/application~1json/schema");
    expect(warnings.find((warning) => warning.code === "SPW_W_LINT_UNBOUNDED_ARRAY")!.message).toContain("a request array has no maxItems (tags)");
  });

  it("open-request-body: an allOf member is closed by the schema that composes it; `true` is a decision", async () => {
    const document = clean();
    document.components.schemas.OrderCreate = { allOf: [{ $ref: "#/components/schemas/Item" }, { type: "object", properties: { note: { type: "string", maxLength: 5 } } }], unevaluatedProperties: false };
    document.components.schemas.Item = { type: "object", additionalProperties: true, properties: { sku: { type: "string", maxLength: 20 } } };
    expect((await lint(document)).warnings).toEqual([]);
  });

  it("aggregates 10,000 unbounded properties of one schema into one warning, and walks recursive schemas once", async () => {
    const document = clean();
    const properties: Record<string, unknown> = { child: { $ref: "#/components/schemas/OrderCreate" } };
    for (let index = 0; index < 10_000; index++) properties[`field${index}`] = { type: "string" };
    Object.assign(document.components.schemas.OrderCreate.properties, properties);
    const { warnings } = await lint(document);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("10000 request strings have no maxLength (field0, field1, field2, field3, field4 and 9995 more)");
  });

  it("operation-without-security: warns only where the requirement is missing, not where `security: []` says public", async () => {
    const document = clean();
    delete document.paths["/orders"].get.security;
    const { warnings } = await lint(document);
    expect(warnings).toEqual([expect.objectContaining({
      code: "SPW_W_LINT_OPERATION_WITHOUT_SECURITY",
      pointer: "#/paths/~1orders/get",
      message: expect.stringContaining("GET /orders has no security requirement while 1 operation(s), such as POST /orders, require credentials"),
    })]);
    // With no operation requiring credentials there is nothing to be beside.
    delete document.paths["/orders"].post.security;
    delete document.paths["/orders"].post.responses["401"];
    expect((await lint(document)).warnings).toEqual([]);
  });

  it("no-4xx-response: an operation that takes input must declare a client error (a range or default counts)", async () => {
    const document = clean();
    document.paths["/orders"].post.responses = { "201": { description: "Created" } };
    const { warnings } = await lint(document);
    expect(warnings).toEqual([expect.objectContaining({ code: "SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE", pointer: "#/paths/~1orders/post/responses", message: expect.stringContaining("POST /orders takes a request body and credentials but declares no 4xx response") })]);
    document.paths["/orders"].post.responses.default = { description: "Problem" };
    expect((await lint(document)).warnings).toEqual([]);
  });
});

describe("silencing lint rules", () => {
  const noisy = (): Document => {
    const document = clean();
    delete document.components.schemas.OrderCreate.properties.note.maxLength;
    document.paths["/orders"].post.responses = { "201": { description: "Created" } };
    return document;
  };

  it("per rule, or all at once, with the lint option", async () => {
    expect(codes((await lint(noisy())).warnings).sort()).toEqual(["SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE", "SPW_W_LINT_UNBOUNDED_STRING"]);
    expect(codes((await lint(noisy(), { "unbounded-string": "off" })).warnings)).toEqual(["SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE"]);
    expect((await lint(noisy(), "off")).warnings).toEqual([]);
  });

  it("with x-specwright-lint on the document, an operation or a schema; the spec overrides the option", async () => {
    const onDocument = noisy();
    onDocument["x-specwright-lint"] = "off";
    expect((await lint(onDocument)).warnings).toEqual([]);
    const onOperation = noisy();
    onOperation.paths["/orders"].post["x-specwright-lint"] = { "no-4xx-response": "off", "unbounded-string": "off" };
    // Silenced on the only operation that reaches the schema, the schema's strings are not reported.
    expect((await lint(onOperation)).warnings).toEqual([]);
    const onSchema = noisy();
    onSchema.components.schemas.OrderCreate.properties.note["x-specwright-lint"] = { "unbounded-string": "off" };
    expect(codes((await lint(onSchema)).warnings)).toEqual(["SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE"]);
    const reEnabled = noisy();
    reEnabled.components.schemas.OrderCreate["x-specwright-lint"] = { "unbounded-string": "warn" };
    expect(codes((await lint(reEnabled, { "unbounded-string": "off", "no-4xx-response": "off" })).warnings)).toEqual(["SPW_W_LINT_UNBOUNDED_STRING"]);
  });

  it("reports an invalid x-specwright-lint where it stands, and refuses an unknown rule in the option", async () => {
    const document = noisy();
    document.paths["/orders"].post["x-specwright-lint"] = { "no-4xx-responses": "off" };
    document.components.schemas.OrderCreate["x-specwright-lint"] = "quiet";
    const { warnings } = await lint(document);
    expect(codes(warnings).filter((code) => code === "SPW_W_LINT_EXTENSION")).toHaveLength(2);
    expect(warnings).toContainEqual(expect.objectContaining({ code: "SPW_W_LINT_EXTENSION", pointer: "#/components/schemas/OrderCreate/x-specwright-lint", message: expect.stringContaining('must be "off" or an object') }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: "SPW_W_LINT_EXTENSION", pointer: "#/paths/~1orders/post/x-specwright-lint", message: expect.stringContaining('unknown lint rule "no-4xx-responses"') }));
    await expect(lint(clean(), { "unbounded-strings": "off" } as never)).rejects.toThrow(/unknown lint rule "unbounded-strings"; the rules are api-key-in-query, unbounded-string/);
  });
});

describe("lint through generate and the CLI", () => {
  const spec = (): string => stringify({ ...clean(), paths: { "/items/{itemId}": { get: { operationId: "getItem", parameters: [{ name: "itemId", in: "path", required: true, schema: { type: "integer" } }], responses: { "200": { description: "An item" } } } } } });

  it("generate returns lint warnings with the others, located", async () => {
    const work = await folder();
    const file = await writeSpec(work, spec());
    const result = await generate({ spec: file, out: path.join(work, "out") });
    expect(result.warnings).toEqual([expect.objectContaining({ code: "SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE", file, line: 15, column: 7, pointer: "#/paths/~1items~1{itemId}/get/responses" })]);
  });

  it("--lint rule=off, --lint off and --no-lint silence; an unknown rule is a usage error (exit 2)", async () => {
    const work = await folder();
    const file = await writeSpec(work, spec());
    const loud = await run(process.execPath, [cli, "generate", file, "-o", path.join(work, "a")]);
    expect(loud.stderr).toContain("warning SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE: GET /items/{itemId} takes a parameter but declares no 4xx response (nor default): the errors clients will get are undocumented [no-4xx-response]");
    expect((await run(process.execPath, [cli, "generate", file, "-o", path.join(work, "b"), "--lint", "no-4xx-response=off"])).stderr).toBe("");
    expect((await run(process.execPath, [cli, "generate", file, "-o", path.join(work, "c"), "--no-lint"])).stderr).toBe("");
    // `--lint off`, as the config file's `lint: "off"`.
    expect((await run(process.execPath, [cli, "generate", file, "-o", path.join(work, "e"), "--lint", "off"])).stderr).toBe("");
    await expect(run(process.execPath, [cli, "generate", file, "-o", path.join(work, "d"), "--lint", "no-4xx=off"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown lint rule "no-4xx"') });
  });
});

describe("lint on GitHub's REST API description", () => {
  it("aggregates: one warning per operation or per request body, never per property", async () => {
    const loaded = await loadDocument("node_modules/@octokit/openapi/generated/api.github.com.json");
    const { model } = buildModel(loaded, { source: "github.json", defaultFits: createDefaultCheck() });
    const warnings = lintDocument(loaded, model);
    // At most one per rule and inline body or component schema.
    const owners = model.operations.filter((operation) => operation.requestBody).length + model.schemas.length;
    const count = (code: string): number => warnings.filter((warning) => warning.code === code).length;
    for (const code of ["SPW_W_LINT_UNBOUNDED_STRING", "SPW_W_LINT_UNBOUNDED_ARRAY", "SPW_W_LINT_OPEN_REQUEST_BODY"]) {
      expect(count(code)).toBeGreaterThan(10);
      expect(count(code)).toBeLessThanOrEqual(owners);
      expect(new Set(warnings.filter((warning) => warning.code === code).map((warning) => warning.message.split(":")[0])).size).toBe(count(code));
    }
    expect(count("SPW_W_LINT_NO_CLIENT_ERROR_RESPONSE")).toBeLessThanOrEqual(model.operations.length);
    // Checked by hand: the body of POST /agents/repos/{owner}/{repo}/tasks bounds none of its strings.
    expect(warnings).toContainEqual(expect.objectContaining({
      code: "SPW_W_LINT_UNBOUNDED_STRING",
      message: expect.stringContaining("the request body of agent-tasks/create-task-in-repo (application/json): 5 request strings have no maxLength (prompt, model, custom_agent, base_ref, head_ref)"),
      line: expect.any(Number),
    }));
  }, 120_000);
});

describe("printing many lint warnings", () => {
  it("keeps ten per rule and counts the rest; other diagnostics are all kept", async () => {
    const { limitLintWarnings } = await import("../../src/lint/limit-warnings.js");
    const lintWarning = (index: number): Diagnostic => ({ code: "SPW_W_LINT_UNBOUNDED_ARRAY", severity: "warning", message: `array ${index}` });
    const other: Diagnostic = { code: "SPW_W_UNKNOWN_FIELD", severity: "warning", message: "typo" };
    const { shown, omitted } = limitLintWarnings([...Array.from({ length: 25 }, (_, index) => lintWarning(index)), other]);
    expect(shown.map((warning) => warning.message)).toEqual([...Array.from({ length: 10 }, (_, index) => `array ${index}`), "typo"]);
    expect(omitted).toEqual(["… and 15 more SPW_W_LINT_UNBOUNDED_ARRAY warnings (lint rule unbounded-array; silence it with --lint unbounded-array=off, docs/lint.md)"]);
  });
});

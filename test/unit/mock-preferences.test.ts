/**
 * What the mock server reads from a request (src/mock/prefer.ts, RFC 7240) and which declared
 * response it answers with by default (src/mock/mock-response.ts), as tables.
 */
import { describe, expect, it } from "vitest";
import { PreferenceError, readPreferences, type MockPreferences } from "../../src/mock/prefer.js";
import { defaultResponseOf, responseForStatus, MockSelectionError } from "../../src/mock/mock-response.js";
import type { Operation, Response } from "../../src/model/ir.js";

describe("readPreferences", () => {
  const cases: [string, { prefer?: string | string[]; query?: string }, MockPreferences][] = [
    ["nothing asked", {}, {}],
    ["a status", { prefer: "code=404" }, { code: 404 }],
    ["several preferences, comma-separated", { prefer: "code=202, example=dog" }, { code: 202, example: "dog" }],
    ["parameters read as preferences, as Prism reads them", { prefer: "code=202; example=dog" }, { code: 202, example: "dog" }],
    ["a quoted example name", { prefer: 'example="a \\"b\\" c"' }, { example: 'a "b" c' }],
    ["names case-insensitive, spaces around =", { prefer: "Code = 503" }, { code: 503 }],
    ["dynamic", { prefer: "dynamic=true" }, { dynamic: true }],
    ["other preferences ignored (RFC 7240 §2)", { prefer: "respond-async, wait=10, return=minimal" }, {}],
    ["several Prefer fields", { prefer: ["code=404", "example=gone"] }, { code: 404, example: "gone" }],
    ["the query form", { query: "limit=2&__code=422&__example=cat&__dynamic=false" }, { code: 422, example: "cat", dynamic: false }],
    ["the header wins over the query", { prefer: "code=404", query: "__code=500" }, { code: 404 }],
  ];
  it.each(cases)("%s", (_name, given, want) => {
    expect(readPreferences(given.prefer, given.query ?? "")).toEqual(want);
  });

  it.each([["code=4040"], ["code=abc"], ["code=600"], ["dynamic=yes"]])("refuses %s", (prefer) => {
    expect(() => readPreferences(prefer, "")).toThrow(PreferenceError);
  });
});

describe("the response a mock sends", () => {
  const response = (status: string): Response => ({ status, description: "", contents: [], headers: [], pointer: `#/r/${status}` });
  // Only what the choice reads; the rest of an Operation does not matter here.
  const operation = (...statuses: string[]): Operation =>
    ({ operationId: "op", identifier: "op", method: "get", path: "/", parameters: [], responses: statuses.map(response), security: [], pointer: "#/paths/~1/get" }) as Partial<Operation> as Operation;
  const cases: [string, string[], { status: number; key: string } | undefined][] = [
    ["the lowest exact 2xx", ["404", "201", "200", "default"], { status: 200, key: "200" }],
    ["2XX as 200 when no exact 2xx", ["404", "2XX", "default"], { status: 200, key: "2XX" }],
    ["default as 200 when no 2xx", ["404", "default"], { status: 200, key: "default" }],
    ["else the lowest declared", ["405", "400"], { status: 400, key: "400" }],
    ["a range as its n00", ["5XX"], { status: 500, key: "5XX" }],
    ["nothing when nothing is declared", [], undefined],
  ];
  it.each(cases)("without preferences: %s", (_name, statuses, want) => {
    const chosen = defaultResponseOf(operation(...statuses));
    expect(chosen ? { status: chosen.status, key: chosen.response.status } : undefined).toEqual(want);
  });

  it("for an asked-for status: the exact code, its range, then default (OpenAPI 3.1 §4.8.16.2)", () => {
    const declared = operation("200", "503", "5XX", "default");
    expect(responseForStatus(declared, 503).response.status).toBe("503");
    expect(responseForStatus(declared, 502).response.status).toBe("5XX");
    expect(responseForStatus(declared, 404)).toMatchObject({ status: 404, response: { status: "default" } });
    expect(() => responseForStatus(operation("200", "5XX"), 401)).toThrow(new MockSelectionError("op declares no 401 response (it declares 200, 5XX)"));
  });
});

/**
 * The contract fuzzer: it passes on the example API, in process and over a socket, and it catches
 * defects planted in an otherwise correct server (each check at least once).
 */
import { execFile } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { fuzz, type FuzzReport } from "specwright";
import { createServer as createApiServer, type ApiDefinition, type RouteDefinition } from "specwright/runtime";
import { api } from "../../generated/routes.js";
import { createHandlers, createServerOptions } from "../../src/example/handlers.js";
import { exampleServer, exampleServices } from "../helpers/example.js";

const run = promisify(execFile);
const spec = "spec/openapi.yaml";
const credentials = { apiKeyAuth: "admin-key" };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A route that reads its query parameters as declared but validates none: a planted lax validator. */
function withoutParameterValidation(route: RouteDefinition): RouteDefinition {
  return {
    ...route,
    readParameters: (request) => {
      const query = request.record();
      for (const parameter of route.parameters) if (parameter.in === "query") request.query(query, parameter);
      return { query };
    },
  };
}

/** The example server over a route table changed by `change`, with the example's handlers (some replaced). */
function plantedServer(change: (route: RouteDefinition) => RouteDefinition, handlers: Partial<ReturnType<typeof createHandlers>> = {}, validateResponses = true) {
  const services = exampleServices();
  const planted: ApiDefinition = { ...api, routes: api.routes.map(change) };
  return createApiServer(planted, { ...createHandlers(services), ...handlers } as never, { ...createServerOptions(services), logger: false, validateResponses } as never);
}

function failedChecks(report: FuzzReport, operationId?: string): string[] {
  return [...new Set(report.failures.filter((failure) => !operationId || failure.operationId === operationId).map((failure) => failure.check))].sort();
}

describe("specwright fuzz", () => {
  it("passes on the example API in process: every operation gets valid and invalid requests, and the stateful sequences", async () => {
    const report = await fuzz(exampleServer(), { spec, seed: 1, maxExamples: 20, credentials, stateful: true });
    expect(report.failures.map((failure) => `${failure.check} ${failure.operationId}: ${failure.message}\n${failure.curl}`)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.requests).toBeGreaterThan(300);
    for (const operation of report.operations) expect(operation.requests, operation.operationId).toBeGreaterThanOrEqual(20);
    expect([report.validRefused, report.invalidAccepted, report.serverErrors]).toEqual([0, 0, 0]);
  }, 120_000);

  it("gives the same requests for the same seed, and others for another seed", async () => {
    const requestsOf = async (seed: number): Promise<string[]> => {
      const server = exampleServer();
      const seen: string[] = [];
      const handle = (request: IncomingMessage, response: ServerResponse): void => {
        seen.push(`${request.method} ${request.url}`);
        server.handle(request, response);
      };
      await fuzz(handle, { spec, seed, maxExamples: 10, credentials, operations: ["listBooks", "getBook"] });
      return seen;
    };
    const first = await requestsOf(7);
    expect(first.length).toBeGreaterThan(20);
    expect(await requestsOf(7)).toEqual(first);
    expect(await requestsOf(8)).not.toEqual(first);
  });

  it("catches a validator made too lax (negative_data_rejection), with the request as a curl line and the rule", async () => {
    const server = plantedServer((route) => (route.operationId === "listBooks" ? withoutParameterValidation(route) : route));
    const report = await fuzz(server, { spec, seed: 1, credentials, operations: ["listBooks"] });
    expect(failedChecks(report)).toContain("negative_data_rejection");
    const failure = report.failures.find((item) => item.check === "negative_data_rejection")!;
    expect(failure.curl).toMatch(/^curl -X GET 'http:\/\/in-process\/books\?/);
    expect(failure.broken).toMatch(/^query parameter (limit|offset)/);
    expect(failure.source).toContain("OpenAPI 3.1");
    expect(report.invalidAccepted).toBeGreaterThan(0);
  });

  it("catches a validator that refuses valid data (positive_data_acceptance)", async () => {
    const refuseAll = Object.assign(() => false, { errors: [{ instancePath: "", keyword: "type", params: {}, message: "planted" }] });
    const server = plantedServer((route) => (route.operationId === "createBook" ? { ...route, requestBody: { ...route.requestBody!, contents: route.requestBody!.contents.map((content) => ({ ...content, validate: refuseAll })) } } : route));
    const report = await fuzz(server, { spec, seed: 1, credentials, operations: ["createBook"] });
    expect(failedChecks(report)).toContain("positive_data_acceptance");
    expect(report.validRefused).toBeGreaterThan(0);
  });

  it("catches a route that skips its security (ignored_auth)", async () => {
    // The handler does not check the caller itself (the example's checks the role), so only the route's security stands in the way.
    const server = plantedServer((route) => (route.operationId === "deleteUser" ? { ...route, security: [] } : route), { deleteUser: () => ({ status: 204 }) });
    const report = await fuzz(server, { spec, seed: 1, credentials, operations: ["deleteUser"] });
    expect(failedChecks(report)).toContain("ignored_auth");
  });

  it("catches a handler that answers an undeclared status (status_code_conformance) or breaks its response schema", async () => {
    const undeclared = plantedServer((route) => route, { getBook: () => ({ status: 418, body: { title: "teapot" } }) as never }, false);
    const statusReport = await fuzz(undeclared, { spec, seed: 1, credentials, operations: ["getBook"] });
    expect(failedChecks(statusReport)).toContain("status_code_conformance");

    const wrongField = plantedServer((route) => route, { getBook: () => ({ status: 200, body: { id: 1, title: "T", author: "AB", year: "two thousand", tags: [] } }) as never }, false);
    const schemaReport = await fuzz(wrongField, { spec, seed: 1, credentials, operations: ["getBook"] });
    expect(failedChecks(schemaReport)).toContain("response_schema_conformance");
    expect(schemaReport.failures.find((failure) => failure.check === "response_schema_conformance")!.message).toContain("/year");
  });

  it("catches a handler that answers 5xx (not_a_server_error) and a missing required header (response_headers_conformance)", async () => {
    const failing = plantedServer((route) => route, { listBooks: () => { throw new Error("planted"); } });
    const report = await fuzz(failing, { spec, seed: 1, credentials, operations: ["listBooks"] });
    expect(failedChecks(report)).toContain("not_a_server_error");
    expect(report.serverErrors).toBeGreaterThan(0);

    const headerless = plantedServer((route) => (route.operationId === "listBooks" ? { ...route, responses: route.responses.map((response) => { const { validateHeaders: _validate, ...rest } = response; return { ...rest, headers: [] }; }) } : route), { listBooks: () => ({ status: 200, body: [] }) as never });
    const headers = await fuzz(headerless, { spec, seed: 1, credentials, operations: ["listBooks"] });
    expect(failedChecks(headers)).toContain("response_headers_conformance");
  });

  it("catches a path that answers an undeclared method with something else than 405 and Allow (unsupported_method)", async () => {
    // A route the spec does not declare: DELETE /books reaches a handler instead of the 405.
    const services = exampleServices();
    const listBooks = api.routes.find((route) => route.operationId === "listBooks")!;
    const planted: ApiDefinition = { ...api, routes: [...api.routes, { ...listBooks, method: "DELETE", operationId: "plantedDelete" }] };
    const server = createApiServer(planted, createHandlers(services) as never, { ...createServerOptions(services), logger: false } as never);
    const report = await fuzz(server, { spec, seed: 1, credentials, operations: ["listBooks"], checks: ["unsupported_method"] });
    expect(report.failures.map((failure) => [failure.check, failure.message])).toEqual([["unsupported_method", "DELETE /books answered 200, not 405"]]);
  });

  it("catches a resource that is still there after DELETE (use_after_free)", async () => {
    const report = await fuzz(plantedServer((route) => route, { deleteBook: () => ({ status: 204 }) }), { spec, seed: 1, credentials, stateful: true, operations: ["createBook", "getBook", "deleteBook"], checks: ["use_after_free", "ensure_resource_availability"] });
    expect(failedChecks(report)).toEqual(["use_after_free"]);
  });

  it("runs as a command against a server on a socket: exit 0 when it passes, 1 with a curl line when a check fails", async () => {
    const server = exampleServer();
    const { url } = await server.listen(0, "127.0.0.1");
    stops.push(() => server.close());
    const passed = await run(process.execPath, ["dist/cli/specwright.js", "fuzz", spec, "--url", url, "--auth", "apiKeyAuth=admin-key", "--seed", "4", "--max-examples", "10"]);
    expect(passed.stdout).toMatch(/0 failures \(valid refused 0, invalid accepted 0, 5xx 0\).*seed 4/);

    const lax = plantedServer((route) => (route.operationId === "listBooks" ? withoutParameterValidation(route) : route));
    const address = await lax.listen(0, "127.0.0.1");
    stops.push(() => lax.close());
    const failed = await run(process.execPath, ["dist/cli/specwright.js", "fuzz", spec, "--url", address.url, "--operation", "listBooks", "--seed", "4", "--json"]).catch((error: { code: number; stdout: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    const json = JSON.parse((failed as { stdout: string }).stdout) as FuzzReport;
    expect(json.failures[0]).toMatchObject({ check: "negative_data_rejection", operationId: "listBooks" });
    expect(json.failures[0]!.curl).toContain(address.url);

    const usage = await run(process.execPath, ["dist/cli/specwright.js", "fuzz", spec, "--url", url, "--checks", "no_such_check"]).catch((error: { code: number; stderr: string }) => error);
    expect(usage).toMatchObject({ code: 2 });
  }, 120_000);
});

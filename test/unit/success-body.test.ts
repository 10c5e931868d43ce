/**
 * successBody (specwright/client): which results are a success's data and which a thrown
 * ResponseError, by the declared response the status falls under (OpenAPI 3.1 §4.8.16.2).
 */
import { describe, expect, it } from "vitest";
import { ClientError, ResponseError, successBody } from "specwright/client";

const result = (status: number, body?: unknown) => ({ status, body, headers: new Headers({ "content-type": "application/json" }) });
const thrown = (statuses: string[], status: number, body?: unknown): unknown => {
  try {
    successBody({ statuses }, result(status, body));
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("successBody", () => {
  it("returns the body of a status under a declared 2xx response, undefined when empty", () => {
    expect(successBody({ statuses: ["200", "404"] }, result(200, { id: 1 }))).toEqual({ id: 1 });
    expect(successBody({ statuses: ["2XX"] }, result(202, "queued"))).toBe("queued");
    expect(successBody({ statuses: ["204", "404"] }, result(204))).toBeUndefined();
  });

  it("throws a ResponseError carrying the result for an error response", () => {
    const problem = { type: "about:blank", title: "Not Found", status: 404, detail: "Book 9 not found" };
    const error = thrown(["200", "404"], 404, problem);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).not.toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ name: "ResponseError", status: 404, body: problem, message: "error response 404: Not Found" });
    expect((error as ResponseError).result.status).toBe(404);
    expect((error as ResponseError).headers.get("content-type")).toBe("application/json");
    expect(thrown(["200"], 503, "busy")).toMatchObject({ status: 503, message: "error response 503" });
  });

  it("takes `default` as the success only when no 2xx response is declared", () => {
    expect(successBody({ statuses: ["default"] }, result(200, "ok"))).toBe("ok");
    expect(thrown(["default"], 500, { title: "Oops" })).toMatchObject({ status: 500 });
    // A 202 that only `default` covers beside a declared 200 is the default (error) response.
    expect(thrown(["200", "default"], 202, { title: "Accepted" })).toMatchObject({ status: 202 });
    expect(thrown(["200", "default"], 302)).toMatchObject({ status: 302 });
  });
});

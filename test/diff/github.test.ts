/**
 * `specwright diff` on real releases: GitHub's REST API description as published in
 * @octokit/openapi 18.0.0 (devDependency alias @octokit/openapi-previous) and in the current
 * @octokit/openapi. Each change asserted here was checked by hand in the two JSON files.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { diffSpecs } from "../../src/diff/diff-specs.js";
import type { Change, DiffResult } from "../../src/diff/change.js";

const previous = "node_modules/@octokit/openapi-previous/generated/api.github.com.json";
const current = "node_modules/@octokit/openapi/generated/api.github.com.json";
let result: DiffResult;

beforeAll(async () => {
  result = await diffSpecs(previous, current);
}, 120_000);

/** The changes of one rule that affect one operation. */
const changesOf = (id: string, operation: string): Change[] => result.changes.filter((change) => change.id === id && change.operations.includes(operation));

describe("specwright diff on two releases of GitHub's REST API", () => {
  it("finds removed operations, deprecated first or not", () => {
    // Organization projects (classic) were removed outright; tag protection was deprecated first.
    expect(changesOf("api-path-removed-without-deprecation", "GET /orgs/{org}/projects")).toEqual([
      expect.objectContaining({ clients: "breaking", servers: "info", message: "GET /orgs/{org}/projects was removed", new: expect.objectContaining({ file: current, pointer: "#/paths" }) }),
    ]);
    expect(changesOf("api-path-removed-with-deprecation", "GET /repos/{owner}/{repo}/tags/protection")).toHaveLength(1);
  });

  it("finds added operations, which servers must implement", () => {
    expect(changesOf("endpoint-added", "GET /agents/tasks")).toEqual([expect.objectContaining({ clients: "info", servers: "breaking" })]);
  });

  it("finds request properties that became required and a new required property", () => {
    const secret = changesOf("request-property-became-required", "PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}").map((change) => change.message);
    expect(secret.sort()).toEqual([
      "request body (application/json) property encrypted_value: became required",
      "request body (application/json) property key_id: became required",
    ]);
    expect(changesOf("new-required-request-property", "POST /orgs/{org}/private-registries")).toEqual([
      expect.objectContaining({ clients: "breaking", message: "request body (application/json) property url: was added as required" }),
    ]);
  });

  it("finds removed parameters, response statuses and media types", () => {
    expect(changesOf("request-parameter-removed", "GET /repos/{owner}/{repo}/dependabot/alerts").map((change) => change.message).sort()).toEqual([
      "the query parameter first was removed",
      "the query parameter last was removed",
    ]);
    expect(changesOf("response-non-success-status-removed", "GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix")).toEqual([
      expect.objectContaining({ message: "the 503 response was removed", clients: "info", servers: "breaking" }),
    ]);
    // GET /zen now answers text/plain where it declared application/json.
    expect(changesOf("response-media-type-removed", "GET /zen")).toEqual([expect.objectContaining({ message: "the media type application/json of the 200 response was removed", clients: "breaking" })]);
    expect(changesOf("response-media-type-added", "GET /zen")).toHaveLength(1);
  });

  it("finds renamed operationIds, which rename the generated client methods and handlers", () => {
    expect(changesOf("api-operation-id-removed", "GET /orgs/{org}/properties/schema")).toEqual([
      expect.objectContaining({ message: "operationId orgs/get-all-custom-properties was replaced by orgs/custom-properties-for-repos-get-organization-definitions" }),
    ]);
  });

  it("compares a shared schema once and names every operation it reaches", () => {
    // `repository` became `allOf: [repository, {custom_properties}]` in several responses: merged,
    // that is one optional property more, not every property removed.
    expect(result.changes.filter((change) => change.component === "#/components/schemas/repository" && change.id === "response-required-property-removed")).toEqual([]);
    const paths = result.changes.filter((change) => change.id === "response-property-enum-value-added");
    expect(paths.length).toBeGreaterThan(10);
    expect(Math.max(...paths.map((change) => change.operations.length))).toBeGreaterThan(5);
    expect(result.summary.clients.breaking).toBeGreaterThan(100);
  });
});

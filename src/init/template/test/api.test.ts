/**
 * Tests the API in process: `inject()` sends requests through the whole server (routing,
 * security, validation, response filtering) without a socket, and `fuzz` checks every operation
 * against spec/openapi.yaml with generated valid and invalid requests.
 */
import { describe, expect, it } from "vitest";
import { formatReport, fuzz } from "specwright";
import { inject } from "specwright/runtime";
import { createClient } from "../generated/client.js";
import { createServer } from "../generated/routes.js";
import { createHandlers, createSecurityVerifiers, TaskStore } from "../src/handlers.js";

const token = "test-token";

/** A server over a store holding `titles`, logging off. */
function testServer(...titles: string[]) {
  const tasks = new TaskStore();
  for (const title of titles) tasks.add(title, false);
  return createServer(createHandlers(tasks), { logger: false, security: createSecurityVerifiers(token) });
}

describe("the Tasks API", () => {
  it("creates a task, reads it back, lists and deletes it", async () => {
    const client = createClient({ baseUrl: "http://in-process", transport: inject(testServer()), security: { bearerAuth: token } });

    const created = await client.createTask({ body: { title: "Write the spec first" } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    expect(created.body).toEqual({ id: 1, title: "Write the spec first", done: false });
    expect(created.headers.get("location")).toBe("/tasks/1");

    expect(await client.getTask({ path: { taskId: 1 } })).toMatchObject({ status: 200, body: { title: "Write the spec first" } });
    expect(await client.listTasks({ query: { done: false } })).toMatchObject({ status: 200, body: [{ id: 1 }] });
    expect(await client.deleteTask({ path: { taskId: 1 } })).toMatchObject({ status: 204 });
    expect(await client.getTask({ path: { taskId: 1 } })).toMatchObject({ status: 404 });
  });

  it("refuses what the spec forbids: no token, an empty title, a taskId that is not an integer", async () => {
    const server = testServer();
    const anonymous = createClient({ baseUrl: "http://in-process", transport: inject(server) });
    expect(await anonymous.createTask({ body: { title: "x" } })).toMatchObject({ status: 401 });

    const client = createClient({ baseUrl: "http://in-process", transport: inject(server), security: { bearerAuth: token } });
    const empty = await client.createTask({ body: { title: "" } });
    expect(empty).toMatchObject({ status: 422, body: { errors: [{ in: "body", loc: ["body", "title"] }] } });

    // Below the typed client, as any HTTP caller could send it.
    const response = await inject(server)({ method: "GET", url: "http://in-process/tasks/first", headers: {} });
    expect(response.status).toBe(422);
  });

  it("keeps its contract under generated requests", async () => {
    // A task in the store from the start, so that listing answers with data to check too.
    const report = await fuzz(testServer("Read the fuzz report"), { spec: "spec/openapi.yaml", seed: 1, credentials: { bearerAuth: token }, stateful: true });
    expect(report.failures, formatReport(report)).toEqual([]);
  });
});

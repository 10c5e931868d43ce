/**
 * The example's in-memory store is bounded (issue 16): anyone may POST, so past
 * `exampleCapacity` books (or users) creating answers 507 with problem details, as the spec
 * declares, until something is deleted; and a page of books costs what it skips and returns, not
 * the size of the catalogue. Over a real socket.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ApiServer } from "specwright/runtime";
import { exampleCapacity } from "../../src/example/store.js";
import { exampleServer, exampleServices } from "../helpers/example.js";

const servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("the example's bounded store", () => {
  it("answers 507 once the catalogue holds exampleCapacity books, and 201 again after a delete", async () => {
    const services = exampleServices();
    for (let index = services.books.count({}); index < exampleCapacity; index++) services.books.create({ title: `Book ${index}`, author: "Anon", year: 2000 });
    const server = exampleServer({}, services);
    servers.push(server);
    const { url } = await server.listen(0, "127.0.0.1");
    const post = () => fetch(`${url}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "One more", author: "Anon", year: 2001 }) });
    const full = await post();
    expect(full.status).toBe(507);
    expect(full.headers.get("content-type")).toBe("application/problem+json");
    expect(await full.json()).toMatchObject({ status: 507, title: "Insufficient Storage" });
    expect((await fetch(`${url}/books/2`, { method: "DELETE", headers: { "x-api-key": "admin-key" } })).status).toBe(204);
    expect((await post()).status).toBe(201);
    // A page deep in a full catalogue is the books at that offset, in insertion order.
    const page = (await (await fetch(`${url}/books?limit=2&offset=9990`)).json()) as { title: string }[];
    expect(page.map((book) => book.title)).toEqual(["Book 9991", "Book 9992"]);
  });
});

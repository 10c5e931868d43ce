/**
 * undiciTransport's response headers behave as the Fetch Standard's Headers (the class the fetch
 * transport returns): same `get` (repeated fields joined with ", "), `has`, `getSetCookie`, and
 * iteration sorted by name with Set-Cookie fields kept apart. One raw server, both transports.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTransport, type TransportResponse } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";

let server: http.Server;
let url = "";

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    response.setHeader("Set-Cookie", ["a=1; Path=/", "b=2"]);
    response.setHeader("X-Zeta", "last");
    response.setHeader("X-Alpha", ["one", "two"]);
    response.setHeader("Content-Type", "application/json");
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function view(response: TransportResponse) {
  const { headers } = response;
  return {
    alpha: headers.get("X-ALPHA"),
    missing: headers.get("x-missing"),
    has: [headers.has("x-zeta"), headers.has("x-nope")],
    cookies: headers.getSetCookie(),
    // Without the headers each transport adds on its own (date, connection, keep-alive).
    entries: [...headers].filter(([name]) => name.startsWith("x-") || name === "set-cookie" || name === "content-type"),
  };
}

describe("response headers from undiciTransport", () => {
  it("read exactly like fetch's Headers", async () => {
    const request = { method: "GET", url, headers: {} };
    const viaUndici = view(await undiciTransport()(request));
    const viaFetch = view(await fetchTransport()(request));
    expect(viaUndici).toEqual(viaFetch);
    expect(viaUndici.alpha).toBe("one, two");
    expect(viaUndici.cookies).toEqual(["a=1; Path=/", "b=2"]);
  });
});

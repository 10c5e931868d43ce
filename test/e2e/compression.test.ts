/**
 * Response compression, opt-in (issue 16): with `compression`, a client that sends
 * Accept-Encoding gets bodies from the threshold on compressed with the coding it prefers (br,
 * gzip, deflate) and `Vary: Accept-Encoding`; small bodies, clients that accept none, and
 * server-sent events are sent as they are; without the option nothing is compressed. Over a real
 * socket with undici.request, which does not decode, so the bytes on the wire are what is checked.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiServer } from "specwright/runtime";
import { exampleServer } from "../helpers/example.js";

const servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(compression?: boolean): Promise<string> {
  const server = exampleServer(compression === undefined ? {} : { compression });
  servers.push(server);
  return (await server.listen(0, "127.0.0.1")).url;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

describe("response compression", () => {
  it("compresses a large body with the coding the client prefers, and says it varies", async () => {
    const url = await start(true);
    const plain = await get(`${url}/openapi.json`);
    const gzip = await get(`${url}/openapi.json`, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.headers["vary"]).toMatch(/accept-encoding/i);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    const br = await get(`${url}/openapi.json`, { "accept-encoding": "gzip;q=0.5, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  });

  it("sends small bodies, bodies for clients that accept no coding, and event streams uncompressed", async () => {
    const url = await start(true);
    const small = await get(`${url}/books/1`, { "accept-encoding": "gzip" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toMatchObject({ id: 1 });
    expect((await get(`${url}/openapi.json`)).headers["content-encoding"]).toBeUndefined();
    expect((await get(`${url}/openapi.json`, { "accept-encoding": "identity" })).headers["content-encoding"]).toBeUndefined();
    const events = await request(`${url}/books/changes`, { headers: { accept: "text/event-stream", "accept-encoding": "gzip" } });
    expect(events.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(events.headers["content-encoding"]).toBeUndefined();
    events.body.destroy();
  });

  it("is off by default", async () => {
    const url = await start();
    expect((await get(`${url}/openapi.json`, { "accept-encoding": "gzip, br" })).headers["content-encoding"]).toBeUndefined();
  });
});

/**
 * `trustProxy` (issue 16): behind proxies the server trusts, `context.ip`, `context.protocol` and
 * `context.host` come from `Forwarded` (RFC 7239) or `X-Forwarded-For`/`-Proto`/`-Host`; from
 * anyone else those headers are ignored. Over a real socket (the peer is 127.0.0.1), with the
 * example API's getBook handler replaced by one that reports what the context says.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "../../generated/routes.js";
import { createHandlers, createServerOptions } from "../../src/example/handlers.js";
import type { ApiServer, TrustProxy } from "specwright/runtime";
import { exampleServices } from "../helpers/example.js";
import { parseForwarded } from "../../src/runtime/proxy.js";

const servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts the example API with `trustProxy`; GET /books/1 answers with the client the context sees, in the title. */
async function start(trustProxy?: TrustProxy): Promise<(headers?: Record<string, string>) => Promise<unknown>> {
  const services = exampleServices();
  const server = createServer(
    {
      ...createHandlers(services),
      getBook: (_input, context) => ({ status: 200, body: { id: 1, title: JSON.stringify({ ip: context.ip, protocol: context.protocol, host: context.host }), author: "ab", year: 2000 } }),
    },
    { ...createServerOptions(services), logger: false, ...(trustProxy !== undefined ? { trustProxy } : {}) },
  );
  servers.push(server);
  const { url } = await server.listen(0, "127.0.0.1");
  return async (headers = {}) => JSON.parse(((await (await fetch(`${url}/books/1`, { headers })).json()) as { title: string }).title);
}

const forwarded = { forwarded: 'for=198.51.100.7;proto=https;host=shop.example, for="[2001:db8::5]:4711";proto=http;host=edge.internal' };
const xForwarded = { "x-forwarded-for": "198.51.100.7, 10.0.0.2", "x-forwarded-proto": "https", "x-forwarded-host": "shop.example" };

describe("trustProxy", () => {
  it("ignores forwarding headers by default: anyone can send them", async () => {
    const get = await start();
    const own = { ip: "127.0.0.1", protocol: "http", host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) };
    expect(await get()).toEqual(own);
    expect(await get(forwarded)).toEqual(own);
    expect(await get(xForwarded)).toEqual(own);
  });

  it("with true, takes the original client of Forwarded, with its proto and host", async () => {
    const get = await start(true);
    expect(await get(forwarded)).toEqual({ ip: "198.51.100.7", protocol: "https", host: "shop.example" });
    expect(await get(xForwarded)).toEqual({ ip: "198.51.100.7", protocol: "https", host: "shop.example" });
  });

  it("with a hop count, believes only that many proxies next to the server", async () => {
    const get = await start(1);
    // One proxy (the peer, 127.0.0.1): the client is the address it recorded, the last element.
    expect(await get(forwarded)).toEqual({ ip: "2001:db8::5", protocol: "http", host: "edge.internal" });
    expect(await get(xForwarded)).toMatchObject({ ip: "10.0.0.2" });
  });

  it("with addresses, believes the proxies listed and stops at the first other hop", async () => {
    const get = await start(["loopback", "10.0.0.0/8"]);
    expect(await get(xForwarded)).toMatchObject({ ip: "198.51.100.7", protocol: "https" });
    // 203.0.113.9 is not a trusted proxy, so whatever it claims about 198.51.100.7 is not believed.
    expect(await get({ "x-forwarded-for": "198.51.100.7, 203.0.113.9, 10.0.0.2" })).toMatchObject({ ip: "203.0.113.9" });
    const peerNotTrusted = await start(["10.0.0.0/8"]);
    expect(await peerNotTrusted(xForwarded)).toMatchObject({ ip: "127.0.0.1", protocol: "http" });
  });

  it("refuses an unreadable address list at startup", async () => {
    await expect(start(["not an address"])).rejects.toThrow();
    await expect(start(-1)).rejects.toThrow(/hop count/);
  });

  it("parses Forwarded as RFC 7239 writes it: quoted values, case-insensitive names, several elements", () => {
    expect(parseForwarded('For="[2001:db8:cafe::17]:4711"; Proto=HTTPS, for=192.0.2.43;by="\\"x\\""')).toEqual([
      { for: "[2001:db8:cafe::17]:4711", proto: "HTTPS" },
      { for: "192.0.2.43", by: '"x"' },
    ]);
  });
});

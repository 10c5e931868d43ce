/**
 * The `int64: "bigint"` option (docs/features.md, "int64 and date-time"): `format: int64` parameters are
 * `bigint` in handler inputs and client arguments and are read exactly within the int64 range,
 * where a number would round them; without the option, such an integer beyond ±(2^53−1) is a 422
 * that says why. Types are asserted with tsc, values over a real socket.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { typecheckGenerated } from "../helpers/typecheck.js";

const spec = "test/fixtures/int64/openapi.yaml";
const outBigInt = path.resolve(".test-output", `int64-bigint-${process.pid}`);
const outNumber = path.resolve(".test-output", `int64-number-${process.pid}`);
const stops: (() => Promise<void>)[] = [];
const urls: Record<"bigint" | "number", string> = { bigint: "", number: "" };
let client: { getAccount: Function };

/** A handler that reports what it received: each value's type and its decimal text. */
function getAccount({ path, query, headers }: Record<string, Record<string, unknown>>) {
  const described: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...path, ...query, ...headers })) {
    described[name] = Array.isArray(value) ? value.map((item) => `${typeof item}:${item}`).join(",") : `${value === null ? "null" : typeof value}:${value}`;
  }
  return { status: 200, body: described };
}

async function serve(out: string, int64: "bigint" | "number"): Promise<string> {
  await generate({ spec, out, int64 });
  const routes = await import(pathToFileURL(path.join(out, "routes.ts")).href);
  const server = routes.createServer({ getAccount }, { logger: false });
  const { url } = await server.listen(0, "127.0.0.1");
  stops.push(() => server.close());
  return url;
}

beforeAll(async () => {
  urls.bigint = await serve(outBigInt, "bigint");
  urls.number = await serve(outNumber, "number");
  const clientModule = await import(pathToFileURL(path.join(outBigInt, "client.ts")).href);
  client = clientModule.createClient({ baseUrl: urls.bigint });
}, 120_000);
afterAll(async () => {
  while (stops.length > 0) await stops.pop()!();
  await rm(outBigInt, { recursive: true, force: true });
  await rm(outNumber, { recursive: true, force: true });
});

const get = async (base: string, target: string, headers: Record<string, string> = {}) => {
  const response = await fetch(base + target, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('int64: "bigint"', () => {
  it("reads int64 path, query and header parameters exactly, as BigInt, beyond 2^53", async () => {
    const response = await get(urls.bigint, "/accounts/9223372036854775807?since=9007199254740993&ids=1,18014398509481985&page=2", { "x-tenant": "-9223372036854775808" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accountId: "bigint:9223372036854775807",
      since: "bigint:9007199254740993",
      ids: "bigint:1,bigint:18014398509481985",
      page: "number:2",
      "x-tenant": "bigint:-9223372036854775808",
    });
  });

  it("applies an int64 default as a BigInt, and a nullable int64 reads null", async () => {
    expect((await get(urls.bigint, "/accounts/5")).body).toEqual({ accountId: "bigint:5", since: "bigint:0" });
    expect((await get(urls.bigint, "/accounts/5?since=null")).body["since"]).toBe("null:null");
  });

  it("still validates: out of the int64 range, below minimum and non-digits are 422s naming the parameter", async () => {
    const outOfRange = await get(urls.bigint, "/accounts/9223372036854775808");
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body["errors"]).toEqual([expect.objectContaining({ in: "path", name: "accountId", keyword: "format" })]);
    const belowMinimum = await get(urls.bigint, "/accounts/0");
    expect(belowMinimum.status).toBe(422);
    expect(belowMinimum.body["errors"]).toEqual([expect.objectContaining({ name: "accountId", keyword: "minimum" })]);
    for (const text of ["1.5", "0x10", "1e3", "%201"]) {
      const response = await get(urls.bigint, `/accounts/${text}`);
      expect(response.status, text).toBe(422);
      expect(response.body["errors"]).toEqual([expect.objectContaining({ name: "accountId", keyword: "type" })]);
    }
  });

  it("sends bigint arguments from the generated client", async () => {
    const result = await client.getAccount({ path: { accountId: 2n ** 62n + 1n }, query: { ids: [2n ** 60n, 3n] } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accountId: "bigint:4611686018427387905", ids: "bigint:1152921504606846976,bigint:3" });
  });

  it("types int64 parameters as bigint in handler inputs and client arguments under tsc --strict", async () => {
    await writeFile(
      path.join(outBigInt, "int64.typecheck.ts"),
      `import type { Handlers } from "./handlers.js";
import { createClient } from "./client.js";
export const handlers: Handlers = {
  getAccount: ({ path, query, headers }) => {
    const account: bigint = path.accountId;
    const since: bigint | null = query.since;
    const ids: bigint[] | undefined = query.ids;
    const page: number | undefined = query.page;
    const tenant: bigint | undefined = headers["x-tenant"];
    // @ts-expect-error a bigint, not a number
    const asNumber: number = path.accountId;
    void [account, since, ids, page, tenant, asNumber];
    return { status: 200, body: {} };
  },
};
export async function call(): Promise<void> {
  await createClient({ baseUrl: "http://127.0.0.1" }).getAccount({ path: { accountId: 1n }, query: { ids: [2n], page: 3 } });
  // @ts-expect-error the client takes a bigint for an int64 parameter
  await createClient({ baseUrl: "http://127.0.0.1" }).getAccount({ path: { accountId: 1 } });
}
`,
    );
    const index = await readFile(path.join(outBigInt, "index.ts"), "utf8");
    await writeFile(path.join(outBigInt, "index.ts"), `${index}import "./int64.typecheck.js";\n`);
    expect(await typecheckGenerated(outBigInt)).toBe("");
  }, 120_000);
});

describe('int64: "number" (the default)', () => {
  it("reads int64 parameters within ±(2^53−1) as numbers", async () => {
    const response = await get(urls.number, "/accounts/9007199254740991?ids=1,2");
    expect(response.body).toEqual({ accountId: "number:9007199254740991", since: "number:0", ids: "number:1,number:2" });
  });

  it("refuses a larger integer with a 422 that says it cannot be read exactly, never rounding it", async () => {
    const response = await get(urls.number, "/accounts/9007199254740993?since=-9007199254740993");
    expect(response.status).toBe(422);
    expect(response.body["errors"]).toEqual([
      expect.objectContaining({ in: "path", name: "accountId", keyword: "maximum", message: expect.stringContaining("cannot be read exactly") }),
      expect.objectContaining({ in: "query", name: "since", keyword: "minimum" }),
    ]);
  });
});

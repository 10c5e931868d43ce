/**
 * The conformance corpus (shared/corpus/public.txt). `npm test` runs a reduced set that stays
 * within a minute; `npm run conformance` (CONFORMANCE=full) runs every spec and prints the table.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatTable, readCorpusList, runConformance } from "./conformance.js";

/** The reduced set: small specs that between them cover Swagger 2.0, 3.0, 3.1, styles and security. */
const reduced = [
  "2.0/yaml/petstore.yaml",
  "3.0/json/parameters-style.json",
  "3.1/json/security.json",
  "3.1/yaml/train-travel.yaml",
  "api/ote-godaddy.com/countries.json",
  "api/nexmo.com/audit.json",
];
const full = process.env["CONFORMANCE"] === "full";
// Inside the repository, so generated imports of specwright/* resolve as they do for users.
const workspace = path.resolve(".test-output", `conformance-${process.pid}`);
afterAll(() => rm(workspace, { recursive: true, force: true }));

describe(full ? "the whole conformance corpus" : "a reduced conformance corpus", () => {
  it("generates, type-checks and serves every listed spec", async () => {
    const entries = (await readCorpusList(path.resolve("../shared/corpus/public.txt"))).filter((entry) => full || reduced.includes(entry.file));
    expect(entries.length).toBe(full ? entries.length : reduced.length);
    const rows = await runConformance(entries, workspace, (line) => process.stdout.write(line + "\n"));
    process.stdout.write("\n" + formatTable(rows) + "\n");
    expect(rows.filter((row) => row.result === "fail").map((row) => `${row.spec}: ${row.reason}`)).toEqual([]);
    expect(rows.every((row) => row.requests > 0)).toBe(true);
  }, 3_600_000);
});

/**
 * The conformance corpus (shared/corpus/public.txt). `npm test` runs a reduced set that stays
 * within a few minutes; `npm run conformance` (CONFORMANCE=full) runs every spec of the list and
 * prints the table. CONFORMANCE_LIST=<file> runs another list of `package@version:path` lines;
 * CONFORMANCE_TIME_LIMIT=<seconds> bounds each spec (default 600).
 */
import { access, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatTable, publicCorpusList, readCorpusList, reducedCorpus, runConformance, type CorpusEntry } from "./conformance.js";

const publicList = publicCorpusList;
const full = process.env["CONFORMANCE"] === "full";
// Inside the repository, so generated imports of specwright/* resolve as they do for users.
const workspace = path.resolve(".test-output", `conformance-${process.pid}`);
afterAll(() => rm(workspace, { recursive: true, force: true }));

describe(full ? "the whole conformance corpus" : "a reduced conformance corpus", () => {
  it("generates, type-checks, serves and fuzzes every listed spec: no valid request refused, no invalid one accepted, no 5xx", async () => {
    const customList = process.env["CONFORMANCE_LIST"];
    const listFile = customList ? path.resolve(customList) : publicList;
    const listed = await access(listFile).then(() => readCorpusList(listFile), () => undefined);
    if ((full || customList) && !listed) throw new Error(`${listFile} is missing: the full run reads the list from ../shared, or from CONFORMANCE_LIST`);
    // The reduced entries must still be on the public list when it is there.
    if (!customList) {
      const onList = (entry: CorpusEntry) => !listed || listed.some((item) => item.packageName === entry.packageName && item.version === entry.version && item.file === entry.file);
      expect(reducedCorpus.filter((entry) => !onList(entry))).toEqual([]);
    }
    const entries = full || customList ? listed! : reducedCorpus;
    const timeLimit = Number(process.env["CONFORMANCE_TIME_LIMIT"] ?? 600);
    const rows = await runConformance(entries, workspace, { timeLimitMs: timeLimit * 1000, log: (line) => process.stdout.write(line + "\n") });
    process.stdout.write("\n" + formatTable(rows) + "\n");
    expect(rows.filter((row) => row.result === "fail").map((row) => `${row.spec}: ${row.reason}`)).toEqual([]);
    // Every spec is fuzzed: requests reach every reduced spec's server.
    expect(rows.filter((row) => row.requests === 0).map((row) => row.spec)).toEqual([]);
  }, 7_200_000);
});

/**
 * docs/diff.md and docs/lint.md list exactly the rules the code has, with the code's severities.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { operationRules, schemaRules } from "../../src/diff/rules.js";
import { lintRules } from "../../src/lint/lint-settings.js";

describe("rule tables in the docs", () => {
  it("docs/diff.md lists every diff rule with its severities, and no other", async () => {
    const text = await readFile("docs/diff.md", "utf8");
    const operationRows = [...text.matchAll(/^\| `([a-z0-9-]+)` \| (breaking|warning|info) \| (breaking|warning|info) \|/gm)].map((match) => [match[1], match[2], match[3]]);
    expect(operationRows).toEqual(Object.entries(operationRules).map(([id, rule]) => [id, rule.clients, rule.servers]));
    const schemaRows = [...text.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \/ (\w+) \| (\w+) \/ (\w+) \|/gm)].map((match) => match.slice(1, 6));
    expect(schemaRows).toEqual(Object.entries(schemaRules).map(([suffix, rule]) => [suffix, ...rule.request, ...rule.response]));
  });

  it("docs/lint.md lists every lint rule with its code", async () => {
    const text = await readFile("docs/lint.md", "utf8");
    const rows = [...text.matchAll(/^\| `([a-z0-9-]+)` \| `(SPW_W_[A-Z0-9_]+)` \|/gm)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual(Object.entries(lintRules).map(([rule, { code }]) => [rule, code]));
  });
});

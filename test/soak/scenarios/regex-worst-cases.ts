/**
 * L11, regex and format worst cases: every `pattern` and `format` of the example API and of the
 * corpus (the whole public list when it is there, else the reduced set), compiled by specwright
 * into a validator, given adversarial strings of the schema's `maxLength` (10 KiB when unbounded,
 * 64 KiB at most): recheck's attack string where it finds the pattern vulnerable to ReDoS (its
 * pumps repeated to the length), and runs of one character ending in one that does not match.
 * Each case is timed in a child process that is killed when a validation runs past 5 s. Cases
 * over 100 ms are listed; the example must have none.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkSync } from "recheck";
import { parse as parseYaml } from "yaml";
import { generate } from "specwright";
import { startNode } from "../../bench/lib/processes.mjs";
import { readCorpusList, publicCorpusList, reducedCorpus } from "../../corpus/conformance.js";
import { specPostingEachSchema } from "../../helpers/temp.js";
import { milliseconds, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import type { RegexCase } from "../regex-child.js";

const unbounded = 10_240;
const largest = 65_536;
const slow = 100;
const runaway = 5000;

interface Found {
  kind: "pattern" | "format";
  value: string;
  maxLength: number | undefined;
  example: boolean;
}

/** Every string `pattern` (that compiles, as ajv compiles it: without the `u` flag) and `format` under `document`. */
function collect(document: unknown, example: boolean, into: Map<string, Found>): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    const maxLength = typeof record["maxLength"] === "number" ? record["maxLength"] : undefined;
    if (typeof record["pattern"] === "string") {
      try {
        new RegExp(record["pattern"]);
        const key = `pattern ${record["pattern"]} ${maxLength}`;
        if (!into.has(key) || example) into.set(key, { kind: "pattern", value: record["pattern"], maxLength, example });
      } catch {
        // Not a schema's pattern (an example value, say): the compiler would have refused the spec.
      }
    }
    if (typeof record["format"] === "string" && (record["type"] === undefined || record["type"] === "string")) {
      const key = `format ${record["format"]} ${maxLength}`;
      if (!into.has(key) || example) into.set(key, { kind: "format", value: record["format"], maxLength, example });
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(document);
}

/** recheck's attack string for `pattern`, its pumps repeated to about `length` characters; undefined when it finds none. */
function attackString(pattern: string, length: number): string | undefined {
  const diagnostics = checkSync(pattern, "", { timeout: 2000 });
  if (diagnostics.status !== "vulnerable") return undefined;
  const { pumps, suffix } = diagnostics.attack;
  const fixed = pumps.reduce((sum, pump) => sum + pump.prefix.length, 0) + suffix.length;
  const perRound = pumps.reduce((sum, pump) => sum + pump.pump.length, 0) || 1;
  const rounds = Math.max(1, Math.floor((length - fixed) / perRound));
  return pumps.map((pump) => pump.prefix + pump.pump.repeat(rounds)).join("") + suffix;
}

/** The strings a case is validated with: attack strings first, then runs of one character with a bad last one. */
function candidatesFor(found: Found): string[] {
  const length = Math.min(found.maxLength ?? unbounded, largest);
  const run = (character: string, last: string) => character.repeat(Math.max(0, length - last.length)) + last;
  const generic = [run("a", "!"), run("0", "\u0000"), run(" ", "!"), run("a.", "-").slice(-length), run("a-", "@").slice(-length)];
  if (found.kind === "pattern") {
    const attack = attackString(found.value, length);
    return attack ? [attack.slice(0, Math.max(length, attack.length)), ...generic] : generic;
  }
  return [...generic, "a@" + run("a.", "a"), "http://" + run("a", " "), run("1:", ":"), "1".repeat(length)];
}

/** Times every case in child processes, restarting after a runaway one; resolves with ms per case (Infinity: killed). */
async function timeCases(validators: string, casesFile: string, count: number): Promise<number[]> {
  const times: number[] = Array(count).fill(Number.NaN);
  const script = path.resolve("test/soak/regex-child.ts");
  for (let first = 0; first < count;) {
    const child = startNode(script, [validators, casesFile, String(first)], {}, { execArgv: ["--import", "tsx"] });
    let current = first;
    let buffered = "";
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => child.kill("SIGKILL"), runaway + 2000);
    };
    arm();
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.startsWith("start ")) {
          current = Number(line.slice(6));
          arm();
        } else if (line.startsWith("{")) {
          const { index, ms } = JSON.parse(line) as { index: number; ms: number };
          times[index] = ms;
        }
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
    clearTimeout(timer);
    if (code === 0) break;
    // Killed (or crashed) while validating `current`: it ran away; go on after it.
    times[current] = Number.POSITIVE_INFINITY;
    first = current + 1;
  }
  return times;
}

/** L11: patterns and formats of the example and the corpus against adversarial strings. */
export async function regexWorstCases(context: SoakContext, result: ScenarioResult): Promise<void> {
  const found = new Map<string, Found>();
  collect(parseYaml(await readFile("spec/openapi.yaml", "utf8")), true, found);
  // The whole public list when it is there (about a minute), else the reduced set.
  const entries = await readCorpusList(publicCorpusList).catch(() => reducedCorpus);
  for (const entry of entries) {
    const file = path.resolve("node_modules", entry.packageName, entry.file);
    const text = await readFile(file, "utf8");
    collect(file.endsWith(".json") ? JSON.parse(text) : parseYaml(text), false, found);
  }
  const list = [...found.values()];
  const schemas: Record<string, unknown> = {};
  list.forEach((item, index) => {
    schemas[`Case${index}`] = { type: "string", [item.kind]: item.value, ...(item.maxLength !== undefined ? { maxLength: item.maxLength } : {}) };
  });
  const out = path.join(context.workspace, "regex-worst-cases");
  const spec = path.join(context.workspace, "regex-worst-cases.json");
  await writeFile(spec, JSON.stringify(specPostingEachSchema("3.1.0", "Patterns and formats", schemas)));
  await generate({ spec, out });
  const cases: RegexCase[] = list.map((item, index) => ({ label: `${item.kind} ${JSON.stringify(item.value).slice(0, 80)}${item.maxLength !== undefined ? ` maxLength ${item.maxLength}` : ""}`, validator: `postCase${index}_body_json`, candidates: candidatesFor(item), example: item.example }));
  const casesFile = path.join(context.workspace, "regex-cases.json");
  await writeFile(casesFile, JSON.stringify(cases));
  const times = await timeCases(path.join(out, "validators.cjs"), casesFile, cases.length);
  const missing = times.filter((time) => Number.isNaN(time) || time < 0).length;
  const slowCases = cases.map((item, index) => ({ item, ms: times[index]! })).filter(({ ms }) => ms > slow).sort((a, b) => b.ms - a.ms);
  const slowest = Math.max(0, ...times.filter((time) => Number.isFinite(time)));
  result.info("specs; patterns; formats (example and corpus, distinct)", `${entries.length + 1}; ${list.filter((item) => item.kind === "pattern").length}; ${list.filter((item) => item.kind === "format").length}`);
  result.info("attack strings from recheck (vulnerable patterns)", cases.filter((item, index) => list[index]!.kind === "pattern" && item.candidates.length > 5).length);
  result.equals("cases not timed (no validator)", missing, 0);
  result.info("slowest validation", milliseconds(slowest));
  result.equals("example API cases over 100 ms", slowCases.filter(({ item }) => item.example).length, 0);
  result.info("corpus cases over 100 ms", slowCases.length);
  for (const { item, ms } of slowCases.slice(0, 10)) result.notes.push(`${Number.isFinite(ms) ? milliseconds(ms) : `> ${runaway} ms (killed)`}: ${item.label}`);
  if (slowCases.length > 0) result.notes.push("the compiler does not warn about these yet (a pattern this slow should be a compile-time warning)");
}

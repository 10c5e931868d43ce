/**
 * G2 of RELIABILITY §2.8: `specwright generate` (the built command) killed with SIGKILL at a
 * random moment, again and again, alternating between two versions of the example spec so every
 * run replaces the tree: after each kill the output folder is the complete old tree or the
 * complete new tree. A kill between the two renames of the swap leaves the folder renamed to its
 * backup, which the next run (here `generate --check`, which writes nothing else) restores first.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { runCommand, startNode } from "../../bench/lib/processes.mjs";
import { milliseconds, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { hashTree } from "../../helpers/temp.js";

const cli = path.resolve("dist/cli/specwright.js");

/** A tree's hashes as one comparable string. */
const fingerprint = (tree: Record<string, string>) => JSON.stringify(Object.entries(tree).sort(([a], [b]) => (a < b ? -1 : 1)));

/** G2: `generateKills` generate runs killed at random moments. */
export async function killedGenerate(context: SoakContext, result: ScenarioResult): Promise<void> {
  const folder = path.join(context.workspace, "killed-generate");
  const spec = path.join(folder, "openapi.yaml");
  const out = path.join(folder, "generated");
  const original = await readFile("spec/openapi.yaml", "utf8");
  const versions = [original, original.replace("version: 1.0.0", "version: 1.0.1").replace("title: Bookstore", "title: Bookstore (second version)")];
  const generate = async (...extra: string[]) => runCommand(process.execPath, [cli, "generate", spec, "--out", out, "--quiet", ...extra], { timeoutMs: 120_000 });
  await mkdir(folder, { recursive: true });

  // The two complete trees, and how long a run takes.
  const trees: string[] = [];
  let runMs = 0;
  for (const version of versions) {
    await writeFile(spec, version);
    const started = performance.now();
    const run = await generate();
    runMs = Math.max(runMs, performance.now() - started);
    if (run.code !== 0) throw new Error(`generate failed: ${run.stderr.slice(0, 300)}`);
    trees.push(fingerprint(await hashTree(out)));
  }
  if (trees[0] === trees[1]) throw new Error("the two spec versions generate the same tree");

  let current = 1;
  const outcomes = { old: 0, new: 0, restoredOld: 0, restoredNew: 0, mixed: 0 };
  const mixed: string[] = [];
  for (let run = 0; run < context.counts.generateKills; run++) {
    const next = 1 - current;
    await writeFile(spec, versions[next]!);
    const child = startNode(cli, ["generate", spec, "--out", out, "--quiet"]);
    const exited = once(child, "exit");
    const delay = Math.random() * runMs;
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    await exited;
    clearTimeout(timer);
    let outputExists = (await readdir(folder)).includes("generated");
    let tree = outputExists ? fingerprint(await hashTree(out)) : "";
    const restored = !outputExists || (tree !== trees[0] && tree !== trees[1]);
    if (restored) {
      // The next run recovers a swap cut off between its renames; --check reports without writing.
      await generate("--check");
      outputExists = (await readdir(folder)).includes("generated");
      tree = outputExists ? fingerprint(await hashTree(out)) : "";
    }
    if (tree === trees[current]) outcomes[restored ? "restoredOld" : "old"] += 1;
    else if (tree === trees[next]) {
      outcomes[restored ? "restoredNew" : "new"] += 1;
      current = next;
    } else {
      outcomes.mixed += 1;
      mixed.push(`run ${run + 1}, killed after ${Math.round(delay)} ms: ${outputExists ? "a tree that is neither" : "no output folder"}`);
    }
    // Keep the output on the version the next run replaces.
    if (tree !== trees[current]) current = tree === trees[next] ? next : current;
  }
  // A last complete run cleans up what the killed ones left beside the output (temporary folders, backups).
  await writeFile(spec, versions[1 - current]!);
  const final = await generate();
  const leftovers = (await readdir(folder)).filter((name) => name.startsWith(".generated."));
  result.info("generate runs killed (SIGKILL at a random moment within a run)", `${context.counts.generateKills} (a run takes ${milliseconds(runMs)})`);
  result.equals("outputs that were neither the old nor the new tree", outcomes.mixed, 0);
  for (const line of mixed.slice(0, 3)) result.notes.push(line);
  result.info("old tree / new tree / restored by the next run (old, new)", `${outcomes.old} / ${outcomes.new} / ${outcomes.restoredOld}, ${outcomes.restoredNew}`);
  result.equals("a complete run afterwards: exit code", final.code ?? "killed", 0);
  result.equals("temporary folders and backups left after it", leftovers.length, 0);
}

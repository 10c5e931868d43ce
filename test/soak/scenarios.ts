/**
 * Every soak scenario in the order `npm run soak` runs them: RELIABILITY §3's L1–L11 and §2.8's
 * G2. Each fills a {@link ScenarioResult}; one that throws is recorded as a miss and the run goes on.
 */
import type { SoakContext } from "./context.js";
import { ScenarioResult } from "./figures.js";
import { abortStorm } from "./scenarios/abort-storm.js";
import { clientFaults, clientSoak } from "./scenarios/client.js";
import { compilerCorpus, propertyFuzz } from "./scenarios/fuzz-and-corpus.js";
import { gracefulShutdown } from "./scenarios/graceful-shutdown.js";
import { killedGenerate } from "./scenarios/killed-generate.js";
import { regexWorstCases } from "./scenarios/regex-worst-cases.js";
import { memorySoak, mixedLoad } from "./scenarios/load-and-memory.js";
import { oversizedBodies } from "./scenarios/oversized-bodies.js";
import { slowloris } from "./scenarios/slowloris.js";

/** One scenario: its id, its title, and what it runs. */
export interface Scenario {
  id: string;
  title: string;
  run: (context: SoakContext, result: ScenarioResult) => Promise<void>;
}

export const scenarios: Scenario[] = [
  { id: "L1", title: "Mixed load", run: mixedLoad },
  { id: "L2", title: "Memory soak", run: memorySoak },
  { id: "L3", title: "Oversized bodies", run: oversizedBodies },
  { id: "L4", title: "Slowloris", run: slowloris },
  { id: "L5", title: "Abort storm", run: abortStorm },
  { id: "L6", title: "Graceful shutdown", run: gracefulShutdown },
  { id: "L7", title: "Client fault matrix", run: clientFaults },
  { id: "L8", title: "Client soak", run: clientSoak },
  { id: "L9", title: "Property fuzz", run: propertyFuzz },
  { id: "L10", title: "Compiler corpus, twice", run: compilerCorpus },
  { id: "L11", title: "Regex and format worst cases", run: regexWorstCases },
  { id: "G2", title: "Killed generate", run: killedGenerate },
];

/** Runs one scenario; an error ends it as a miss with the error's message. */
export async function runScenario(scenario: Scenario, context: SoakContext): Promise<ScenarioResult> {
  const result = new ScenarioResult(scenario.id, scenario.title);
  const started = performance.now();
  try {
    await scenario.run(context, result);
  } catch (error) {
    context.log(`[${scenario.id}] failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    result.failed(error instanceof Error ? error.message : String(error));
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

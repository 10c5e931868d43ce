import type { ConfigurableOptions } from "./options.js";

/**
 * One spec of a config file: the document (`spec`), the output folder (`out`) and any option of
 * `generate()` (strict, lenient, dateTime, int64, allowExternalFiles, allowRemoteReferences).
 * Relative paths are read from the config file's folder.
 */
export type SpecwrightConfigEntry = ConfigurableOptions;

/**
 * What `specwright.config.{ts,mts,js,mjs,json,yaml,yml}` exports (as its default export, or as
 * the whole JSON/YAML document): one entry, or an array of entries generated in turn.
 */
export type SpecwrightConfig = SpecwrightConfigEntry | readonly SpecwrightConfigEntry[];

/**
 * Returns `config` unchanged; its only use is to type a `specwright.config.ts`:
 * `export default defineConfig({ spec: "spec/openapi.yaml", out: "src/generated", dateTime: "date" })`.
 * The command validates the file's value when it loads it (SPW_E_CONFIG), so a `.js` config
 * without types gets the same checks.
 */
export function defineConfig<const Config extends SpecwrightConfig>(config: Config): Config {
  return config;
}

/**
 * `startMock()`: serves a spec with the real runtime and mock handlers (mock-handlers.ts), the
 * way `specwright mock` does: responses from examples or generated from schemas, requests
 * validated as in production, `Prefer` honoured, and with `stateful` created resources kept.
 */
import type { LoadOptions } from "../load/load-document.js";
import type { ApiModel } from "../model/ir.js";
import { createValueGenerator } from "./generate-value.js";
import { loadGeneratedServer } from "./load-server.js";
import { createMockHandlers } from "./mock-handlers.js";

/** Options of {@link startMock}. */
export interface StartMockOptions extends LoadOptions {
  /** The spec file (YAML or JSON). Default `spec/openapi.yaml`. */
  spec?: string;
  /** The port to listen on; 0 picks a free one. Default 4010 (Prism's). */
  port?: number;
  /** The address to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Keep created resources in memory along CRUD paths and links. Default false. */
  stateful?: boolean;
  /**
   * More options of the generated `createServer` (`ServerOptions` of specwright/runtime): a
   * logger, hooks, limits. Given ones win over the mock's (`security`, `cors`, `validateResponses`).
   */
  server?: Record<string, unknown>;
}

/** A running mock server. */
export interface RunningMock {
  /** The model of the spec served. */
  model: ApiModel;
  /** The base URL of the operations: `http://127.0.0.1:4010` followed by the spec's base path. */
  url: string;
  /** Stops the server and removes the generated files it runs on. */
  close(): Promise<void>;
}

/**
 * Loads the spec, loads its generated server (see load-server.ts) and starts it with mock
 * handlers. CORS allows any origin with credentials, since a mock on this machine is called from
 * development servers on other ports; response validation is off, so examples are sent as written.
 * Throws SpecError when the spec has errors, and the listen error (EADDRINUSE…) when the port
 * cannot be had; nothing is left behind then.
 */
export async function startMock(options: StartMockOptions = {}): Promise<RunningMock> {
  const spec = options.spec ?? "spec/openapi.yaml";
  const { loadDocument } = await import("../load/load-document.js");
  const { buildModel } = await import("../model/build-model.js");
  const { createDefaultCheck } = await import("../emit/validators.js");
  const model = buildModel(await loadDocument(spec, options), { source: spec, defaultFits: createDefaultCheck() }).model;
  const loaded = await loadGeneratedServer(model);
  try {
    const { handlers, security } = createMockHandlers(model, { generator: createValueGenerator(model), HttpError: loaded.runtime.HttpError, ...(options.stateful ? { stateful: true } : {}) });
    const server = loaded.routes.createServer(handlers, {
      security,
      cors: { origin: () => true, credentials: true },
      validateResponses: false,
      ...options.server,
    });
    const { url } = await server.listen(options.port ?? 4010, options.host ?? "127.0.0.1");
    return {
      model,
      url,
      async close() {
        await server.close();
        await loaded.remove();
      },
    };
  } catch (error) {
    await loaded.remove();
    throw error;
  }
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { negotiate } from "../wire/media-type.js";
import { clientInfoOf, type ClientInfo, type ProxyTrust } from "./proxy.js";

/**
 * What every handler receives besides its typed input.
 * `Principal` is the type your security verifiers return.
 */
export interface RequestContext<Principal = unknown> {
  /** The operationId being served. */
  readonly operationId: string;
  /** The incoming `X-Request-Id` when well-formed, otherwise a generated id in UUID form (a random per-process prefix and a counter); sent back and logged. */
  readonly requestId: string;
  /** The principal of the first scheme of the security requirement that passed; undefined for public routes. */
  readonly principal: Principal | undefined;
  /** Every principal of the passing requirement, by security scheme name. */
  readonly principals: Readonly<Record<string, Principal>>;
  /** Aborted when the client goes away before the response is sent. */
  readonly signal: AbortSignal;
  /** The raw node:http request, for what the contract does not cover. */
  readonly request: IncomingMessage;
  /**
   * The client's IP address: the socket's peer, or, behind proxies the server trusts
   * (`trustProxy`), the address they forwarded (`Forwarded` for=, else `X-Forwarded-For`).
   */
  readonly ip: string;
  /** `http` or `https` as the client used it (through trusted proxies: their `proto`). */
  readonly protocol: "http" | "https";
  /** The host the client addressed (`Host`; through trusted proxies: their forwarded host). */
  readonly host: string | undefined;
  /** The raw node:http response; prefer returning headers in the handler result. */
  readonly response: ServerResponse;
  /**
   * Runs `task` after the response has been sent (FastAPI's BackgroundTasks). Tasks run one after
   * another; a failure is logged with the request id and does not affect the response.
   * `server.close()` waits for them (within its grace period).
   */
  defer(task: () => unknown): void;
  /**
   * Which of `mediaTypes` the client prefers, by its Accept header (RFC 9110 §12.5.1: q-values,
   * then specificity; no Accept accepts anything, so the first is chosen); undefined when none is
   * acceptable. For responses with several media types: return the chosen one as `contentType`.
   */
  accepts<MediaType extends string>(mediaTypes: readonly MediaType[]): MediaType | undefined;
}

/** The deferred tasks of a request that has none: shared, frozen, never pushed to. */
const noTasks: (() => unknown)[] = Object.freeze([]) as unknown as (() => unknown)[];

/** The context implementation: the AbortController is created only when a handler asks for `signal`. */
export class HandlerContext<Principal = unknown> implements RequestContext<Principal> {
  private controller: AbortController | undefined;
  private client: ClientInfo | undefined;
  /** Deferred tasks, run by the pipeline once the response has finished (empty and shared until the first). */
  deferred: (() => unknown)[] = noTasks;

  constructor(
    readonly operationId: string,
    readonly requestId: string,
    readonly principal: Principal | undefined,
    readonly principals: Readonly<Record<string, Principal>>,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    private readonly proxyTrust?: ProxyTrust,
  ) {}

  get ip(): string {
    return (this.client ??= clientInfoOf(this.request, this.proxyTrust)).ip;
  }

  get protocol(): "http" | "https" {
    return (this.client ??= clientInfoOf(this.request, this.proxyTrust)).protocol;
  }

  get host(): string | undefined {
    return (this.client ??= clientInfoOf(this.request, this.proxyTrust)).host;
  }

  defer(task: () => unknown): void {
    if (this.deferred === noTasks) this.deferred = [task];
    else this.deferred.push(task);
  }

  accepts<MediaType extends string>(mediaTypes: readonly MediaType[]): MediaType | undefined {
    return negotiate(mediaTypes, this.request.headers.accept) as MediaType | undefined;
  }

  /** Aborts `signal` now (the server is closing and ends the handler's event stream). */
  abort(): void {
    if (!this.controller) this.controller = new AbortController();
    this.controller.abort();
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.request.destroyed && !this.response.writableFinished) controller.abort();
      else
        this.response.once("close", () => {
          if (!this.response.writableFinished) controller.abort();
        });
    }
    return this.controller.signal;
  }
}

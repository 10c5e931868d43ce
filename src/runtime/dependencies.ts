/**
 * The runtime's dependencies that only some servers or requests use: pino (the default logger),
 * compression (`ServerOptions.compression`), @fastify/proxy-addr (`trustProxy` address lists) and
 * @fastify/busboy (multipart bodies). They are CommonJS packages, required where first needed
 * instead of imported by the modules that use them: loading all four, with their own dependencies,
 * takes longer than loading the rest of the runtime, and a server that uses none of them should
 * not start more slowly for them. `require()` is synchronous, so `createServer` stays synchronous.
 * Node's module cache makes every call after the first a lookup.
 */
import { createRequire } from "node:module";

const requireFromRuntime = createRequire(import.meta.url);

/** pino's module (`{ pino, stdSerializers, destination, … }`), loaded on first call. */
export function pinoModule(): typeof import("pino") {
  return requireFromRuntime("pino") as typeof import("pino");
}

/** The `compression` middleware factory (Express's), loaded on first call. */
export function compressionModule(): typeof import("compression") {
  return requireFromRuntime("compression") as typeof import("compression");
}

/** @fastify/proxy-addr's module (`compile(addresses)` and the rest), loaded on first call. */
export function proxyAddrModule(): typeof import("@fastify/proxy-addr").default {
  return requireFromRuntime("@fastify/proxy-addr") as typeof import("@fastify/proxy-addr").default;
}

/** @fastify/busboy's module (`{ Busboy }`), loaded on first call. */
export function busboyModule(): typeof import("@fastify/busboy") {
  return requireFromRuntime("@fastify/busboy") as typeof import("@fastify/busboy");
}

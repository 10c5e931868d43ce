// Types of store.mjs, for the TypeScript that imports it (test/soak).
import type { BookRepository } from "../../../src/example/store.js";

export function createBenchBookRepository(): BookRepository;
export function createBenchAuditLog(): string[];

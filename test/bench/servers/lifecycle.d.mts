// Types of lifecycle.mjs, for the TypeScript that imports it (test/soak).
export const host: string;
export const port: number;
export function announce(boundPort: number): void;
export function isMain(moduleUrl: string): boolean;

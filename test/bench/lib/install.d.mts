// Types of install.mjs, for the TypeScript that imports it (test/package).
export function pack(folders: string[], destination: string): Promise<string[]>;
export function installInFreshProject(name: string, tarball: string): Promise<{ path: string; bytes: number; packages: number; remove: () => Promise<void> }>;
export function bytesOf(target: string): Promise<number>;

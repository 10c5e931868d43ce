/**
 * Visits every plain object of a JSON value (objects inside arrays included), depth first and
 * without recursion, so documents nested thousands of levels deep cannot overflow the stack.
 * `visit` returns true to stop the walk early; the function then returns true, else false.
 * Browser-safe.
 */
export function someObject(root: unknown, visit: (node: Record<string, unknown>) => boolean | void): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (visit(node as Record<string, unknown>) === true) return true;
    for (const value of Object.values(node)) stack.push(value);
  }
  return false;
}

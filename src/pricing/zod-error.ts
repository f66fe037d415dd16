import type { z } from 'zod';

/** Formats zod issues as `path: message` lines, paths like `models[3].prices[0].standard.inputPerMillion`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root = ''): string[] {
  return issues.map((issue) => `${formatPath(issue.path, root)}: ${issue.message}`);
}

/** A zod path as `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let text = root;
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** The value at a path inside an untrusted input, or `undefined`. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A zod issue with its full path from the root of the input. */
export interface LeafIssue {
  readonly path: readonly PropertyKey[];
  readonly issue: z.core.$ZodIssue;
}

/**
 * Zod reports a failed union as one issue holding every branch's issues. This keeps the branch
 * the value was evidently meant for (the one that did not fail at its root), recursively, so
 * that a path points at the bad field itself (`tokens.input.lognormal.p95`, not
 * `tokens.input`). A union no branch of which got past its root stays one `invalid_union` issue.
 */
export function expandUnionIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): LeafIssue[] {
  const out: LeafIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const branches = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0));
      if (branches.length === 1 && branches[0] !== undefined) {
        out.push(...expandUnionIssues(branches[0], path));
        continue;
      }
    }
    out.push({ path, issue });
  }
  return out;
}

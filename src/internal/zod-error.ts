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

/** Levenshtein distance, O(a·b), for "did you mean" suggestions on small id lists. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidates to `input` (at most `limit`), nearest first, ties by name. */
export function closest(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  return [...new Set(candidates)]
    .map((candidate): [number, string] => {
      const hay = candidate.toLowerCase();
      const distance = editDistance(needle, hay);
      return [needle.length >= 3 && hay.includes(needle) ? Math.min(distance, 1) : distance, candidate];
    })
    .filter(([score]) => score <= Math.max(3, Math.floor(needle.length / 3)))
    .sort(([x, a], [y, b]) => x - y || a.localeCompare(b))
    .slice(0, limit)
    .map(([, candidate]) => candidate);
}

/** "Did you mean ...?" text, or an empty string. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  return ` Did you mean ${suggestions.map((s) => JSON.stringify(s)).join(' or ')}?`;
}

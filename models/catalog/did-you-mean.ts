/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate a user most likely meant by `name`, or undefined when none is close. Case is ignored; a
 * candidate that contains the name (`gpt-moe` → `gpt-moe-2t`) or is contained in it counts as close.
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const contains = wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower));
    // containment ranks just behind a one-edit typo, ahead of looser matches
    const distance = contains ? Math.min(editDistance(wanted, lower), 1.5) : editDistance(wanted, lower);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Never more edits than the name has letters but one: "A" is not a typo of "P".
  const tolerance = Math.min(Math.max(2, Math.floor(wanted.length / 3)), wanted.length - 1);
  return bestDistance <= tolerance ? best : undefined;
}

/**
 * A suffix for an "unknown name" message: ` (did you mean "x"?)` when a candidate is close, otherwise
 * the list of known names (`; known: a, b, c`), or nothing when there are none.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  const match = closestMatch(name, list);
  if (match !== undefined) return ` (did you mean "${match}"?)`;
  return list.length > 0 ? `; known: ${list.join(', ')}` : '';
}

/** How many single-character insertions, deletions and substitutions turn `from` into `to`. */
function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let i = 1; i <= from.length; i++) {
    const current = [i];
    for (let j = 1; j <= to.length; j++) {
      const substitution = previous[j - 1] + (from[i - 1] === to[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j] + 1, current[j - 1] + 1));
    }
    previous = current;
  }
  return previous[to.length];
}

/** Further than this, a name is taken for another idea rather than a misspelling (Terraform suggests alike). */
const MISSPELLING_DISTANCE = 2;

/** The known name a misspelled one most likely meant (`resource` for `resourse` or `Resource`), if any is close. */
export function nearestName<Name extends string>(name: string, known: readonly Name[]): Name | undefined {
  let nearest: Name | undefined;
  let nearestDistance = MISSPELLING_DISTANCE + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < nearestDistance) [nearest, nearestDistance] = [candidate, distance];
  }
  return nearest;
}

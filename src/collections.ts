/** Items by key, keys in order of first appearance, items in their order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) getOrAdd(groups, key(item), (): T[] => []).push(item);
  return groups;
}

/** The first item of each key, in their order. */
export function distinctBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const itemKey = key(item);
    if (seen.has(itemKey)) return false;
    seen.add(itemKey);
    return true;
  });
}

/**
 * The value `map` holds under `key`, else the one `make` makes, added under it: a list or index filled as it is met,
 * or a value worked out once per key. `make` runs only for a key that has no value yet.
 */
export function getOrAdd<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

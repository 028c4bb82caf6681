import { isDeepStrictEqual } from "util";
import { isRecord, PartialString, UNKNOWN } from "../../model/resource";

/**
 * What all of `values` are known to share: equal values as they are, records with the same names and tuples of one
 * length item by item, strings by the start they share (the rest unknown), anything else unknown.
 */
export function commonValue(values: readonly unknown[]): unknown {
  const [first, ...rest] = values;
  if (rest.every((value) => isDeepStrictEqual(value, first))) return first;
  if (values.every((value) => typeof value === "string")) {
    const strings = values as string[];
    let length = 0;
    while (strings.every((value) => length < value.length && value[length] === strings[0][length])) length++;
    return length === 0 ? UNKNOWN : new PartialString(strings[0].slice(0, length), "");
  }
  if (values.every(Array.isArray)) {
    const tuples = values as unknown[][];
    return tuples.every((tuple) => tuple.length === tuples[0].length) ? tuples[0].map((_, index) => commonValue(tuples.map((tuple) => tuple[index]))) : UNKNOWN;
  }
  if (values.every(isRecord)) {
    const records = values as Record<string, unknown>[];
    const names = Object.keys(records[0]);
    return records.every((record) => sameNames(record, records[0])) ? Object.fromEntries(names.map((name) => [name, commonValue(records.map((record) => record[name]))])) : UNKNOWN;
  }
  return UNKNOWN;
}

/** Whether two records have the same names (attributes, keys), in whatever order. */
export function sameNames(left: object, right: object): boolean {
  const names = Object.keys(left);
  return names.length === Object.keys(right).length && names.every((name) => Object.hasOwn(right, name));
}

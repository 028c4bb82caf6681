/**
 * Decimal number text as Terraform reads it, taken apart for exact arithmetic and for telling whether a double holds
 * what the text writes. Shared by the HCL parser, which decides that once for each number literal, and the evaluator.
 */

/**
 * A decimal number as Terraform reads one from a string: optional sign, digits, optional fraction and exponent, with
 * a digit before or after the point (`5.`, `.5`). Its groups are what `decimalOf` reads: sign, whole, fraction, power.
 */
export const DECIMAL_NUMBER = /^([+-]?)(?=\.?\d)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/;

/** A decimal number as its significant digits (no leading or trailing zeros; none for zero) × 10^exponent. */
export interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

/**
 * Decimal text (`DECIMAL_NUMBER`, which a finite double's shortest form such as `-1.5e-7` or `1e+21` also is) as a
 * `Decimal`; undefined for other text.
 */
export function decimalOf(text: string): Decimal | undefined {
  const parts = DECIMAL_NUMBER.exec(text);
  if (parts === null) return undefined;
  const [, sign, whole, fraction, power = "0"] = parts;
  const significant = (whole + fraction).replace(/^0+/, "");
  const digits = significant.replace(/0+$/, "");
  return { negative: sign === "-", digits, exponent: Number(power) - fraction.length + (significant.length - digits.length) };
}

/**
 * Whether `number` (`Number(text)`) is what decimal text writes: a double's shortest form then has the text's value.
 * Terraform keeps every digit, where a double rounds `9007199254740993`, `1.0000000000000000001` or `1e-400`.
 */
export function doubleHolds(text: string, number: number): boolean {
  // Digits alone making a safe integer, most numbers written, need no taking apart.
  if (Number.isSafeInteger(number) && /^\d+$/.test(text)) return true;
  if (!Number.isFinite(number)) return false;
  const written = decimalOf(text);
  const held = decimalOf(String(number))!;
  // Zero has no significant digits, whatever exponent it was written with; the sign is the text's, as Number reads it.
  return written !== undefined && written.digits === held.digits && (held.digits === "" || written.exponent === held.exponent);
}

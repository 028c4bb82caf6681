/**
 * Strings as Terraform holds and writes them, shared by the HCL parser and the evaluator (which depend on this,
 * not on each other).
 */

/**
 * Below U+0300 every character is its own NFC form and none combines with what precedes it, so a string of them alone
 * (nearly every string a configuration holds) is left as it is without calling `normalize`.
 */
const MAY_CHANGE_UNDER_NFC = /[\u0300-\uffff]/;

/**
 * A string as Terraform holds it: every cty string is normalized to NFC when it is made, so `"e\u0301"` and `"é"` are
 * one set element, one map key and `==`.
 */
export function nfc(text: string): string {
  return MAY_CHANGE_UNDER_NFC.test(text) ? text.normalize("NFC") : text;
}

/**
 * A quoted HCL string as Terraform writes one, in an instance address (`toHCLQuotedString`) and in `encode_expr`
 * (hclwrite, which that function adapts): `\n`, `\r`, `\t`, `"` and `\` escaped, `${` and `%{` doubled so they stay
 * text rather than a template, and what Go's `unicode.IsPrint` does not take (controls, U+0085, U+200B, lone
 * surrogates; not letters, marks, numbers, punctuation, symbols or the ASCII space) as `\uXXXX` or `\UXXXXXXXX` by
 * code point.
 */
export function quoteHcl(text: string): string {
  const escaped = text.replace(/[\n\r\t"\\]|[$%](?=\{)|[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu, (character) => {
    switch (character) {
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      case '"':
      case "\\":
        return "\\" + character;
      case "$":
      case "%":
        return character + character;
      default: {
        const code = character.codePointAt(0)!;
        return code < 0x10000 ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
      }
    }
  });
  return `"${escaped}"`;
}

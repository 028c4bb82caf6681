/**
 * Where the secrets are in a JSON text the program made with `pulumi.jsonStringify`. The SDK marks the whole text
 * secret when any value in it is, and the engine sends it so (`containerDefinitions` with one secret environment
 * value); the objects the program gave it say which values were: each secret Output at its place in the document.
 * The engine's Analyzer is told nothing of the kind, so a policy pack cannot know it.
 */
import { MAX_DEPTH } from "../properties";

/** The parts of the program's SDK read here. */
export interface JsonSdk {
  jsonStringify(value: unknown, replacer?: unknown, space?: unknown): object;
  Output: { isInstance(value: unknown): boolean };
}

/** An Output of the program's SDK, as far as it is read here. */
interface SdkOutput {
  isSecret: Promise<boolean>;
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/** The paths (keys and indices) of the secret values in a document; undefined where it is not known where they are. */
export type SecretPlaces = string[][] | undefined;

export class DocumentSecrets {
  /** Each text `jsonStringify` returned (an Output), with where the secrets are in it. */
  private readonly made = new WeakMap<object, Promise<SecretPlaces>>();

  /** Watches the program's SDK make JSON texts. */
  constructor(private readonly sdk: JsonSdk) {
    const jsonStringify = sdk.jsonStringify.bind(sdk);
    sdk.jsonStringify = (value, replacer, space) => {
      const text = jsonStringify(value, replacer, space);
      // A replacer may move or drop values: where the secrets land is not known, and the text stays secret whole.
      if (replacer === undefined || replacer === null) this.made.set(text, this.secretPlaces(value, 0).catch(() => undefined));
      return text;
    };
  }

  /** Where the secrets are in a text `jsonStringify` made, given as it is; undefined for any other value. */
  placesIn(value: object): Promise<SecretPlaces> | undefined {
    return this.made.get(value);
  }

  /**
   * The paths of the secret values inside what `jsonStringify` was given, as `output()` unwraps it: Outputs and promises
   * through plain objects and lists. Anything else that JSON.stringify reads in its own way (a class's instance, a
   * `toJSON`) leaves where the secrets are unknown.
   */
  private async secretPlaces(value: unknown, depth: number): Promise<SecretPlaces> {
    if (depth > MAX_DEPTH) return undefined;
    if (this.sdk.Output.isInstance(value)) {
      const output = value as SdkOutput;
      if (await output.isSecret) return [[]];
      // An unknown value has no text to hide; a known one may hold secret Outputs of its own.
      return (await output.isKnown) ? this.secretPlaces(await output.promise(), depth + 1) : [];
    }
    if (value === null || typeof value !== "object") return [];
    if (typeof (value as { then?: unknown }).then === "function") return this.secretPlaces(await (value as Promise<unknown>), depth + 1);
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return undefined;
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
    const places: string[][] = [];
    for (const [key, child] of Object.entries(value)) {
      const inside = await this.secretPlaces(child, depth + 1);
      if (inside === undefined) return undefined;
      for (const place of inside) places.push([key, ...place]);
    }
    return places;
  }
}

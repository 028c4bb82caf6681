/** Types of bench/packs/resources.js, for tests/pack/load.test.ts. */
export interface BenchResource {
  label: string;
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  protect: boolean;
}
export declare const KINDS: number;
export declare const SECRET_VALUE: string;
export declare function resource(index: number): BenchResource;
export declare function resources(count: number): BenchResource[];
export declare function secret(value: unknown): Record<string, unknown>;

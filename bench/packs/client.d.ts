/** Types of bench/packs/client.js, for tests/pack/load.test.ts. The protobuf messages are left opaque. */
type Message = object;

export interface WireResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  protect?: boolean;
  parent?: string;
  dependencies?: string[];
}

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";

export interface Analysis {
  diagnostics: { policyName: string; policyPackName: string; message: string; urn: string; level: Level; severity: string }[];
  notApplicable: { policyName: string; reason: string }[];
}

export interface RunningPack {
  pid: number;
  /** Milliseconds from spawning the process to its port on stdout. */
  startMs: number;
  /** CPU time (ms) the pack process had used when its port appeared. */
  startCpuMs: number;
  analyze(request: Message): Promise<Message>;
  analyzeStack(request: Message): Promise<Message>;
  info(): Promise<Message>;
  stderr(): string;
  close(signal?: NodeJS.Signals): Promise<void>;
}

export declare function startPack(
  dir: string,
  options?: { config?: Record<string, unknown>; nodeArgs?: string[]; env?: Record<string, string> },
): Promise<RunningPack>;
export declare function configureAll(pack: RunningPack, level?: Level): Promise<string[]>;
export declare function analyzeRequest(resource: WireResource): Message;
export declare function stackRequest(resources: WireResource[]): Message;
export declare function analysis(response: Message): Analysis;
export declare function cpuMs(pid: number): number;
export declare function memory(pid: number): { peakMb: number; rssMb: number };
export declare function runPolicyPack(dir: string): string;

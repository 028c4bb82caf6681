/**
 * Which resource output each input of a registration is, as it is (`deadLetterConfig: { targetArn: dlq.arn }`), as
 * Terraform's evaluator tells from `aws_sqs_queue.dlq.arn`. The wire form of an input says only its value (in a
 * preview, unknown) and which resources it was worked out from; the SDK's own objects say more: each output of a
 * resource is an Output object of its own, made when the resource is declared, and an input that is that very object
 * is a read of that output. The engine's Analyzer is told nothing of the kind, so a policy pack cannot know it. So
 * too an input that is a text `jsonStringify` made, given as it is: where the secrets are in it (`DocumentSecrets`).
 */
import { canonicalKey, MAX_DEPTH } from "../properties";
import { kindOf, type OutputRead } from "../index";
import type { DocumentSecrets, SecretPlaces } from "./document-secrets";
import type { CollectedResource } from "./protocol";

/** The SDK's module that makes a resource's outputs and serialises its inputs (internal to the SDK). */
export interface SdkRpc {
  transferProperties(onto: object, label: string, props: Record<string, unknown>): Record<string, unknown>;
  serializeResourceProperties(label: string, props: Record<string, unknown>, opts?: { pendingRegistration?: { res: DeclaredResource } }): Promise<unknown>;
}

/** A resource object of the program's SDK, as far as it is read here. */
interface DeclaredResource {
  __pulumiType?: string;
  id?: object;
  urn: { promise(): Promise<string> };
}

export class OutputReads {
  /** Each resource output's Output object, with what reading it reads. */
  private readonly origins = new WeakMap<object, OutputRead>();
  /** Each declared resource whose inputs read outputs as they are, with those reads by input path (Pulumi names). */
  private readonly declared: [DeclaredResource, Record<string, OutputRead>][] = [];
  /** Each declared resource whose inputs are `jsonStringify`'s texts as they are, with where their secrets are, by input path. */
  private readonly documents: [DeclaredResource, Record<string, Promise<SecretPlaces>>][] = [];

  /** Watches the program's SDK make outputs and serialise inputs. */
  constructor(
    rpc: Partial<SdkRpc>,
    private readonly documentSecrets?: DocumentSecrets,
  ) {
    // Another SDK version may lack or rename these internals: then no input is known to read an output, as before.
    if (typeof rpc.transferProperties !== "function" || typeof rpc.serializeResourceProperties !== "function") return;
    const transferProperties = rpc.transferProperties.bind(rpc);
    rpc.transferProperties = (onto, label, props) => {
      const resolvers = transferProperties(onto, label, props);
      this.outputsMade(onto as DeclaredResource, Object.keys(resolvers), props);
      return resolvers;
    };
    const serializeResourceProperties = rpc.serializeResourceProperties.bind(rpc);
    rpc.serializeResourceProperties = (label, props, opts) => {
      const resource = opts?.pendingRegistration?.res;
      if (resource !== undefined) this.inputsGiven(resource, props);
      return serializeResourceProperties(label, props, opts);
    };
  }

  /**
   * Gives each registered resource the reads of its inputs, and where the secrets are in its inputs `jsonStringify`
   * made, once every registration is done (a resource's URN is known only then), but for those in `untold`, whose
   * inputs' reads may not be their own (a transform replaced the inputs, or another declaration has the URN).
   */
  async attach(resources: readonly CollectedResource[], untold: ReadonlySet<string>): Promise<void> {
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const registered = async (declared: DeclaredResource) => {
      const urn = await declared.urn.promise();
      return untold.has(urn) ? undefined : byUrn.get(urn);
    };
    for (const [declared, reads] of this.declared) {
      const resource = await registered(declared);
      if (resource !== undefined) resource.outputReads = reads;
    }
    for (const [declared, documents] of this.documents) {
      const resource = await registered(declared);
      if (resource === undefined) continue;
      for (const [path, placesFound] of Object.entries(documents)) {
        const places = await placesFound;
        // No place found leaves the mark where the SDK put it, on the whole text.
        if (places !== undefined && places.length > 0) (resource.documentSecrets ??= {})[path] = places;
      }
    }
  }

  /** A resource's ID and its outputs (`names`): an output the program gave as an input is set, else the provider computes it. */
  private outputsMade(resource: DeclaredResource, names: readonly string[], inputs: Record<string, unknown>): void {
    const type = resource.__pulumiType;
    if (type === undefined) return;
    const kind = kindOf(type);
    if (resource.id !== undefined) this.origins.set(resource.id, { kind, attribute: "id", computed: true });
    for (const name of names) {
      const output = (resource as unknown as Record<string, unknown>)[name];
      if (output !== null && typeof output === "object") this.origins.set(output, { kind, attribute: canonicalKey(kind, name), computed: inputs[name] === undefined });
    }
  }

  /**
   * Records the inputs that are outputs, or `jsonStringify`'s texts, as they are, through plain objects and lists; one
   * worked out from them is none.
   */
  private inputsGiven(resource: DeclaredResource, inputs: Record<string, unknown>): void {
    const reads: Record<string, OutputRead> = {};
    const documents: Record<string, Promise<SecretPlaces>> = {};
    const path: string[] = [];
    const walk = (value: unknown, depth: number): void => {
      if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return;
      const read = this.origins.get(value);
      const places = this.documentSecrets?.placesIn(value);
      if (read !== undefined) reads[path.join(".")] = read;
      else if (places !== undefined) documents[path.join(".")] = places;
      else if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
        for (const [key, child] of Object.entries(value)) {
          path.push(key);
          walk(child, depth + 1);
          path.pop();
        }
      }
    };
    // The SDK leaves the ID and URN out of a resource's inputs.
    for (const [key, child] of Object.entries(inputs)) {
      if (key === "id" || key === "urn") continue;
      path.push(key);
      walk(child, 1);
      path.pop();
    }
    if (Object.keys(reads).length > 0) this.declared.push([resource, reads]);
    if (Object.keys(documents).length > 0) this.documents.push([resource, documents]);
  }
}

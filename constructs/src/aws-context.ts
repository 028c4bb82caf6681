import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";

const CONTEXT_ID = "prodready-aws-context";

/**
 * The account, partition and region a stack deploys to, read once per stack from data sources, for policies that
 * must name them (key policies, log group ARNs). It follows the stack's default provider.
 */
export class AwsContext extends Construct {
  /** The stack's one context, created on first use. */
  static of(scope: Construct): AwsContext {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(CONTEXT_ID);
    return existing instanceof AwsContext ? existing : new AwsContext(stack, CONTEXT_ID);
  }

  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, for ARNs. */
  readonly partition: string;
  /** e.g. `amazonaws.com`, for service principals. */
  readonly dnsSuffix: string;
  readonly region: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "account").accountId;
    const partition = new DataAwsPartition(this, "partition");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    // `region`, not `name`: AWS provider 6 deprecates the data source's `name`.
    this.region = new DataAwsRegion(this, "region").region;
  }
}

import { Fn } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsContext } from "./aws-context";
import { policyDocument, type PolicyStatement } from "./policy";

export interface ServiceRoleProps {
  /** The service that assumes the role, e.g. `vpc-flow-logs.amazonaws.com` or `ecs-tasks.amazonaws.com`. */
  readonly service: string;
  /** What the role may do, as an inline policy; nothing when empty. */
  readonly statements: readonly PolicyStatement[];
  readonly description?: string;
}

/**
 * An IAM role that only `service`, acting for this account, can assume (the `aws:SourceAccount` condition guards
 * against the confused deputy), with exactly the permissions given as an inline policy.
 */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const aws = AwsContext.of(this);
    const trust: PolicyStatement = {
      Effect: "Allow",
      Principal: { Service: props.service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": aws.accountId } },
    };
    this.role = new IamRole(this, "role", {
      description: props.description ?? this.node.path,
      assumeRolePolicy: Fn.jsonencode(policyDocument([trust])),
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    if (props.statements.length > 0) {
      new IamRolePolicy(this, "policy", { role: this.role.id, policy: Fn.jsonencode(policyDocument(props.statements)) });
    }
  }
}

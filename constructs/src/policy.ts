/** An IAM policy statement as written in a policy document, for roles, bucket policies and key policies alike. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  /** Left out in trust policies, where the role itself is the resource. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A policy document of `statements`, for `Fn.jsonencode`. */
export function policyDocument(statements: readonly PolicyStatement[]): object {
  return { Version: "2012-10-17", Statement: statements };
}

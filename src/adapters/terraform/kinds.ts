/**
 * Terraform resource types that the AWS provider still accepts under an older name: the model knows each real
 * resource by one kind, so rules written for `aws_lb` also see `aws_alb`.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["aws_alb", "aws_lb"],
  ["aws_alb_listener", "aws_lb_listener"],
  ["aws_alb_listener_certificate", "aws_lb_listener_certificate"],
  ["aws_alb_listener_rule", "aws_lb_listener_rule"],
  ["aws_alb_target_group", "aws_lb_target_group"],
  ["aws_alb_target_group_attachment", "aws_lb_target_group_attachment"],
]);

/** A map rather than an object: a type is looked up for every resource, and one named `constructor` is no alias. */
export function canonicalKind(type: string): string {
  return ALIASES.get(type) ?? type;
}

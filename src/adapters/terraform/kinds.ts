/**
 * Terraform resource types that the AWS provider still accepts under an older name: the model knows each real
 * resource by one kind, so rules written for `aws_lb` also see `aws_alb`.
 */
const ALIASES: Record<string, string> = {
  aws_alb: "aws_lb",
  aws_alb_listener: "aws_lb_listener",
  aws_alb_listener_certificate: "aws_lb_listener_certificate",
  aws_alb_listener_rule: "aws_lb_listener_rule",
  aws_alb_target_group: "aws_lb_target_group",
  aws_alb_target_group_attachment: "aws_lb_target_group_attachment",
};

export function canonicalKind(type: string): string {
  return ALIASES[type] ?? type;
}

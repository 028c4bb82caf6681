/** A Terraform security group, `aws_security_group.<name>` named `<name>`, with SSH open to the internet: PR-SEC-001 on it. */
export function openSshGroup(name: string): string {
  return `resource "aws_security_group" "${name}" {
  name = "${name}"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
}

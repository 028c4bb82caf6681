resource "aws_vpc" "main" {
  cidr_block = var.vpc_cidr
}

resource "aws_subnet" "public" {
  for_each = { for index, zone in var.availability_zones : zone => cidrsubnet(var.vpc_cidr, 8, index) }

  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value
}

resource "aws_subnet" "private" {
  for_each = { for index, zone in var.availability_zones : zone => cidrsubnet(var.vpc_cidr, 8, 10 + index) }

  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value
}

# Gap, section 3 (infrastructure & security): SSH open to the whole internet for a bastion.
# Trips PR-SEC-001 aws-ec2-no-public-admin-ports.
resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "Administrative access"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public HTTP entry"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTP"
    protocol    = "tcp"
    from_port   = 80
    to_port     = 80
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "PostgreSQL from inside the VPC"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "PostgreSQL"
    protocol    = "tcp"
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = [var.vpc_cidr]
  }
}

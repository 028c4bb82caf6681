# PostgreSQL: private, encrypted, protected from deletion, backed up, its slow statements logged to CloudWatch.
# The master password is generated, stored and rotated by RDS in Secrets Manager; the API connects as its own
# role with IAM authentication, so no database password reaches the tasks at all.

locals {
  db_identifier = "${var.name}-db"
  db_name       = "service"
  # The API's database role; the schema migrations create it with `GRANT rds_iam TO service_app`.
  db_app_user = "service_app"
  # A stable private name for the database, so replacing the instance never means redeploying the tasks.
  internal_zone = "${var.name}.internal"
  db_host       = "db.${local.internal_zone}"
}

resource "aws_db_subnet_group" "db" {
  name       = local.db_identifier
  subnet_ids = [for subnet in aws_subnet.private : subnet.id]
}

# Statements slower than 500 ms land in the postgresql log, which is exported to CloudWatch.
resource "aws_db_parameter_group" "db" {
  name   = "${local.db_identifier}-postgres16"
  family = "postgres16"

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_iam_role" "db_monitoring" {
  name = "${local.db_identifier}-monitoring"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "monitoring.rds.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "db_monitoring" {
  role       = aws_iam_role.db_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "db" {
  identifier     = local.db_identifier
  engine         = "postgres"
  engine_version = "16"
  instance_class = var.db_instance_class

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_allocated_storage * 4
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.service.arn

  db_name                             = local.db_name
  username                            = "service_admin"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.service.arn
  iam_database_authentication_enabled = true

  db_subnet_group_name   = aws_db_subnet_group.db.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.db.name
  publicly_accessible    = false
  multi_az               = true

  deletion_protection       = true
  backup_retention_period   = 14
  backup_window             = "03:00-04:00"
  maintenance_window        = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot     = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.db_identifier}-final"

  # Minor versions arrive in the maintenance window, which is why engine_version names only the major one.
  auto_minor_version_upgrade = true

  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.service.arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.db_monitoring.arn

  # The log groups exist before RDS first exports to them, so they keep their retention.
  depends_on = [aws_cloudwatch_log_group.db]

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "db" {
  for_each = toset(["postgresql", "upgrade"])

  name              = "/aws/rds/instance/${local.db_identifier}/${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_route53_zone" "internal" {
  name    = local.internal_zone
  comment = "Private names of the ${var.name} VPC"

  vpc {
    vpc_id = aws_vpc.main.id
  }
}

resource "aws_route53_record" "db" {
  zone_id = aws_route53_zone.internal.zone_id
  name    = local.db_host
  type    = "CNAME"
  ttl     = 60
  records = [aws_db_instance.db.address]
}

resource "aws_db_subnet_group" "db" {
  name       = "${var.name}-db"
  subnet_ids = [for subnet in aws_subnet.private : subnet.id]
}

# Gap, section 2 (data integrity & performance): nothing records which queries are slow. No Performance Insights
# (PR-DAT-001 aws-rds-performance-insights) and no slow-query log export (PR-DAT-002 aws-rds-slow-query-log-export).
# Gap, section 4 (deployment & operations): one `terraform destroy`, or a change that replaces the instance, loses
# the data. No deletion protection (PR-OPS-001 aws-rds-deletion-protection), one day of backups
# (PR-OPS-002 aws-rds-backup-retention), no final snapshot (PR-OPS-003 aws-rds-final-snapshot), no prevent_destroy
# (PR-OPS-004 aws-stateful-resources-protected), and no alarm (PR-OPS-010 aws-cloudwatch-alarms-cover-resources).
# Gap, section 5 (secret rotation policy): the master password comes from terraform.tfvars
# (PR-CFG-004 aws-database-no-literal-master-password).
resource "aws_db_instance" "db" {
  identifier              = "${var.name}-db"
  engine                  = "postgres"
  engine_version          = "16"
  instance_class          = "db.m7g.large"
  allocated_storage       = 20
  storage_encrypted       = true
  db_name                 = "app"
  username                = "app"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.db.name
  vpc_security_group_ids  = [aws_security_group.db.id]
  publicly_accessible     = false
  backup_retention_period = 1
  skip_final_snapshot     = true
}

# One on-call topic, and an alarm on a symptom of every load balancer, database, service and function. Each alarm
# notifies on-call when it fires and when it recovers. The job queue's alarms live in modules/queue.

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-alerts"
  kms_master_key_id = aws_kms_key.service.id
}

resource "aws_sns_topic_subscription" "on_call" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

locals {
  alarms = {
    certificate-expiry = {
      description  = "The API certificate expires within 30 days and has not renewed"
      namespace    = "AWS/CertificateManager"
      metric       = "DaysToExpiry"
      dimensions   = { CertificateArn = aws_acm_certificate.api.arn }
      statistic    = "Minimum"
      comparison   = "LessThanThreshold"
      threshold    = 30
      period       = 86400
      periods      = 1
      missing_data = "missing"
    }
    alb-5xx = {
      description  = "The load balancer returns 5xx errors"
      namespace    = "AWS/ApplicationELB"
      metric       = "HTTPCode_ELB_5XX_Count"
      dimensions   = { LoadBalancer = aws_lb.api.arn_suffix }
      statistic    = "Sum"
      comparison   = "GreaterThanThreshold"
      threshold    = 10
      period       = 60
      periods      = 5
      missing_data = "notBreaching"
    }
    alb-unhealthy-targets = {
      description  = "An API task fails its health check"
      namespace    = "AWS/ApplicationELB"
      metric       = "UnHealthyHostCount"
      dimensions   = { LoadBalancer = aws_lb.api.arn_suffix, TargetGroup = aws_lb_target_group.api.arn_suffix }
      statistic    = "Maximum"
      comparison   = "GreaterThanThreshold"
      threshold    = 0
      period       = 60
      periods      = 3
      missing_data = "missing"
    }
    api-cpu = {
      description  = "The API stays above 85% CPU even at its scaling maximum"
      namespace    = "AWS/ECS"
      metric       = "CPUUtilization"
      dimensions   = { ClusterName = aws_ecs_cluster.main.name, ServiceName = aws_ecs_service.api.name }
      statistic    = "Average"
      comparison   = "GreaterThanThreshold"
      threshold    = 85
      period       = 300
      periods      = 3
      missing_data = "missing"
    }
    api-memory = {
      description  = "The API's memory use keeps growing"
      namespace    = "AWS/ECS"
      metric       = "MemoryUtilization"
      dimensions   = { ClusterName = aws_ecs_cluster.main.name, ServiceName = aws_ecs_service.api.name }
      statistic    = "Average"
      comparison   = "GreaterThanThreshold"
      threshold    = 85
      period       = 300
      periods      = 3
      missing_data = "missing"
    }
    db-cpu = {
      description  = "The database CPU stays above 80%"
      namespace    = "AWS/RDS"
      metric       = "CPUUtilization"
      dimensions   = { DBInstanceIdentifier = aws_db_instance.db.identifier }
      statistic    = "Average"
      comparison   = "GreaterThanThreshold"
      threshold    = 80
      period       = 300
      periods      = 3
      missing_data = "missing"
    }
    db-free-storage = {
      description  = "The database has less than 10 GiB free, even with storage autoscaling"
      namespace    = "AWS/RDS"
      metric       = "FreeStorageSpace"
      dimensions   = { DBInstanceIdentifier = aws_db_instance.db.identifier }
      statistic    = "Minimum"
      comparison   = "LessThanThreshold"
      threshold    = 10 * 1024 * 1024 * 1024
      period       = 300
      periods      = 2
      missing_data = "missing"
    }
    rotator-errors = {
      description  = "Rotating the payments API key failed"
      namespace    = "AWS/Lambda"
      metric       = "Errors"
      dimensions   = { FunctionName = aws_lambda_function.rotator.function_name }
      statistic    = "Sum"
      comparison   = "GreaterThanThreshold"
      threshold    = 0
      period       = 300
      periods      = 1
      missing_data = "notBreaching"
    }
    rotator-dead-letters = {
      description  = "A rotation failed after its retries"
      namespace    = "AWS/SQS"
      metric       = "ApproximateNumberOfMessagesVisible"
      dimensions   = { QueueName = aws_sqs_queue.rotator_dlq.name }
      statistic    = "Maximum"
      comparison   = "GreaterThanThreshold"
      threshold    = 0
      period       = 300
      periods      = 1
      missing_data = "missing"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  period              = each.value.period
  evaluation_periods  = each.value.periods
  treat_missing_data  = each.value.missing_data
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}

# Gap, section 5 (secret rotation policy): a key that never rotates (PR-RES-010 aws-kms-key-rotation).
# Gap, section 4 (deployment & operations): not protected from destroy (PR-OPS-004 aws-stateful-resources-protected).
resource "aws_kms_key" "main" {
  description = "${var.name} data"
}

# Gap, section 5 (secret rotation policy): a partner token that never rotates (PR-RES-001 aws-secretsmanager-rotation).
# Gap, section 4 (deployment & operations): not protected from destroy (PR-OPS-004 aws-stateful-resources-protected).
resource "aws_secretsmanager_secret" "partner_token" {
  name       = "${var.name}/partner-token"
  kms_key_id = aws_kms_key.main.arn
}

# Gap, section 5 (fault tolerance): a job that keeps failing is retried until its retention deletes it
# (PR-RES-004 aws-sqs-dead-letter-queue).
resource "aws_sqs_queue" "jobs" {
  name                    = "${var.name}-jobs"
  sqs_managed_sse_enabled = true
}

# Gap, section 4 (centralized observability): the worker's logs are kept forever
# (PR-OPS-005 aws-cloudwatch-log-group-retention).
resource "aws_cloudwatch_log_group" "worker" {
  name = "/aws/lambda/${var.name}-worker"
}

resource "aws_iam_role" "worker" {
  name = "${var.name}-worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# Gap, section 1 (environment & configuration): a runtime AWS no longer supports
# (PR-CFG-008 aws-lambda-runtime-supported).
# Gap, section 5 (fault tolerance): timeout and memory left at the provider defaults
# (PR-LIM-002 aws-lambda-timeout-memory-bounds).
# Gap, section 5 (secret rotation policy): the database password and the partner token in plaintext in the
# function's environment (PR-CFG-001 aws-lambda-no-plaintext-secrets).
# Gap, section 5 (fault tolerance): a failed invocation goes nowhere: no dead-letter queue or on-failure
# destination (PR-RES-005 aws-lambda-async-failure-destination).
# Gap, section 4 (deployment & operations): no alarm watches the function
# (PR-OPS-010 aws-cloudwatch-alarms-cover-resources).
resource "aws_lambda_function" "worker" {
  function_name = "${var.name}-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "nodejs16.x"
  handler       = "index.handler"
  filename      = "${path.module}/worker.zip"

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.worker.name
  }

  environment {
    variables = {
      DB_HOST           = "db.gaps.internal"
      DB_PASSWORD       = var.db_password
      PARTNER_API_TOKEN = "ptok-live-9f8e7d6c5b4a3210"
    }
  }
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}

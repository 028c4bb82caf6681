# One customer-managed key for the service's data, and the third-party API key the service calls with: kept in
# Secrets Manager and rotated monthly by a Lambda function.

resource "aws_kms_key" "service" {
  description             = "${var.name} data: database, secrets, queues, alert topic"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  # CloudWatch must be able to publish alarms to the encrypted alert topic.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Account"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchAlarms"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
    ]
  })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "service" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.service.key_id
}

resource "aws_secretsmanager_secret" "payments_api_key" {
  name                    = "${var.name}/payments-api-key"
  description             = "Key for the payments provider"
  kms_key_id              = aws_kms_key.service.arn
  recovery_window_in_days = 30

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_rotation" "payments_api_key" {
  secret_id           = aws_secretsmanager_secret.payments_api_key.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn

  rotation_rules {
    automatically_after_days = 30
  }

  depends_on = [aws_lambda_permission.rotator]
}

resource "aws_iam_role" "rotator" {
  name = "${var.name}-secret-rotator"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "rotator_logs" {
  role       = aws_iam_role.rotator.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "rotator" {
  name = "rotate-payments-api-key"
  role = aws_iam_role.rotator.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecretVersionStage"]
        Resource = aws_secretsmanager_secret.payments_api_key.arn
      },
      { Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = aws_kms_key.service.arn },
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.rotator_dlq.arn },
    ]
  })
}

# Rotation is invoked asynchronously: invocations that fail their retries land in a dead-letter queue that pages on-call.
resource "aws_sqs_queue" "rotator_dlq" {
  name                      = "${var.name}-secret-rotator-dlq"
  kms_master_key_id         = aws_kms_key.service.id
  message_retention_seconds = 1209600
}

resource "aws_cloudwatch_log_group" "rotator" {
  name              = "/aws/lambda/${var.name}-secret-rotator"
  retention_in_days = var.log_retention_days
}

data "archive_file" "rotator" {
  type        = "zip"
  source_file = "${path.module}/rotator/index.js"
  output_path = "${path.module}/.build/rotator.zip"
}

resource "aws_lambda_function" "rotator" {
  function_name    = "${var.name}-secret-rotator"
  role             = aws_iam_role.rotator.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = data.archive_file.rotator.output_path
  source_code_hash = data.archive_file.rotator.output_base64sha256
  timeout          = 60
  memory_size      = 256

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.rotator.name
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.rotator_dlq.arn
  }

  environment {
    variables = {
      PROVIDER_URL    = var.payments_provider_url
      HTTP_TIMEOUT_MS = "5000"
    }
  }

  depends_on = [aws_iam_role_policy_attachment.rotator_logs]
}

resource "aws_lambda_function_event_invoke_config" "rotator" {
  function_name          = aws_lambda_function.rotator.function_name
  maximum_retry_attempts = 2

  destination_config {
    on_failure {
      destination = aws_sqs_queue.rotator_dlq.arn
    }
  }
}

resource "aws_lambda_permission" "rotator" {
  statement_id  = "AllowSecretsManager"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.rotator.function_name
  principal     = "secretsmanager.amazonaws.com"
  source_arn    = aws_secretsmanager_secret.payments_api_key.arn
}

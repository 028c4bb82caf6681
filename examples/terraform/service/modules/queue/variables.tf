variable "name" {
  description = "Name of the queue; its dead-letter queue is named \"<name>-dlq\"."
  type        = string
}

variable "kms_key_id" {
  description = "KMS key that encrypts both queues."
  type        = string
}

variable "alarm_topic_arn" {
  description = "SNS topic the queue's alarms notify."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays hidden: longer than the slowest consumer takes to process one."
  type        = number
  default     = 60
}

variable "message_retention_seconds" {
  description = "How long an unprocessed message is kept."
  type        = number
  default     = 345600
}

variable "max_receive_count" {
  description = "Receives after which a message that keeps failing moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "max_message_age_seconds" {
  description = "Age of the oldest message at which the backlog alarm fires."
  type        = number
  default     = 900
}

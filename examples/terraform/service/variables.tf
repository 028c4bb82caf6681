variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "service"
}

variable "environment" {
  description = "Environment name, used in tags."
  type        = string
  default     = "production"
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account to deploy to; the provider refuses credentials for any other."
  type        = string
  default     = "123456789012"

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "zone_name" {
  description = "Public Route 53 hosted zone the API's name lives in."
  type        = string
  default     = "example.com"
}

variable "domain_name" {
  description = "The API's public DNS name, served over HTTPS."
  type        = string
  default     = "api.example.com"
}

variable "vpc_cidr" {
  description = "Address range of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "availability_zones" {
  description = "Zones to spread subnets, tasks and the database standby over."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "image_tag" {
  description = "Release of the API image to run: an exact version, never a moving tag."
  type        = string
  default     = "1.4.2"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.image_tag))
    error_message = "image_tag must be an exact version such as 1.4.2."
  }
}

variable "task_cpu" {
  description = "CPU units of one API task (1024 = one vCPU)."
  type        = number
  default     = 512
}

variable "task_memory" {
  description = "Memory of one API task, in MiB; also the container's hard limit."
  type        = number
  default     = 1024
}

variable "min_tasks" {
  description = "Fewest API tasks running, spread over the availability zones."
  type        = number
  default     = 2
}

variable "max_tasks" {
  description = "Most API tasks autoscaling may run."
  type        = number
  default     = 6
}

variable "db_instance_class" {
  description = "RDS instance class of the database."
  type        = string
  default     = "db.m7g.large"
}

variable "db_allocated_storage" {
  description = "Initial database storage, in GiB; storage autoscaling may grow it to four times this."
  type        = number
  default     = 50
}

variable "log_retention_days" {
  description = "How long every log group keeps its events."
  type        = number
  default     = 30
}

variable "alert_email" {
  description = "Address of the on-call rotation that every alarm notifies."
  type        = string
  default     = "oncall@example.com"
}

variable "payments_provider_url" {
  description = "Endpoint of the payments provider whose API key this service rotates."
  type        = string
  default     = "https://payments.example.com/keys"
}

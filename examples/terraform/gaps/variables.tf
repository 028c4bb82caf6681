variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "gaps"
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "vpc_cidr" {
  description = "Address range of the VPC."
  type        = string
  default     = "10.1.0.0/16"
}

variable "availability_zones" {
  description = "Zones to spread subnets over."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "db_password" {
  description = "Master password of the database."
  type        = string
  sensitive   = true
}

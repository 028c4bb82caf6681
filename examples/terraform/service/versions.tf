terraform {
  required_version = ">= 1.10.0"

  # Exact versions: every environment plans with the same provider code. `terraform init` records their
  # checksums in .terraform.lock.hcl; commit that file with the configuration.
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.25.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "2.7.1"
    }
  }

  # State in S3 with S3-native locking. The state bucket is created once per account, outside this configuration.
  backend "s3" {
    bucket       = "service-terraform-state-123456789012"
    key          = "service/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region

  # Refuse to plan against any other account, whatever credentials the shell happens to hold.
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Service     = var.name
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

# The service of ../service with deliberate gaps. Each is marked "Gap, section N" with the rule it trips;
# `prodready check examples/terraform/gaps --profile platform` reports every one (section 2's rules apply from
# the platform scale), and the one accepted with a prodready:ignore comment is counted as suppressed.

terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.25.0"
    }
  }
}

provider "aws" {
  region = var.region
}

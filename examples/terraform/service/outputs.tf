output "url" {
  description = "Where the API answers."
  value       = "https://${var.domain_name}"
}

output "service_name" {
  description = "The ECS service running the API."
  value       = aws_ecs_service.api.name
}

output "image" {
  description = "The image the API runs; push it to the repository before applying."
  value       = local.api_image
}

output "database_secret_arn" {
  description = "The master credentials RDS manages and rotates."
  value       = aws_db_instance.db.master_user_secret[0].secret_arn
}

# Gap, section 1 (environment & configuration): pushing an image under an existing tag silently replaces what
# every environment runs. Trips PR-CFG-006 aws-ecr-immutable-tags.
resource "aws_ecr_repository" "web" {
  name                 = "${var.name}-web"
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    # prodready:ignore PR-CFG-007 images are scanned by Inspector enhanced scanning, set for the whole registry in the security account
    scan_on_push = false
  }
}

resource "aws_ecs_cluster" "main" {
  name = var.name
}

# Gap, section 1 (environment & configuration): a floating image tag, so two tasks of one revision may run
# different code (PR-CFG-005 aws-ecs-task-image-pinned).
# Gap, section 4 (deployment & operations): the container's logs stay on the host
# (PR-OPS-006 aws-ecs-container-logging) and nothing checks that it is healthy
# (PR-OPS-007 aws-ecs-container-health-check).
resource "aws_ecs_task_definition" "web" {
  family                   = "${var.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([
    {
      name         = "web"
      image        = "nginx:latest"
      essential    = true
      portMappings = [{ containerPort = 80, protocol = "tcp" }]
    }
  ])
}

# Gap, section 4 (deployment & operations): a bad deployment keeps replacing tasks forever instead of rolling back
# (PR-OPS-009 aws-ecs-deployment-circuit-breaker), and no alarm watches the service
# (PR-OPS-010 aws-cloudwatch-alarms-cover-resources).
resource "aws_ecs_service" "web" {
  name            = "${var.name}-web"
  cluster         = aws_ecs_cluster.main.arn
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets         = [for subnet in aws_subnet.private : subnet.id]
    security_groups = [aws_security_group.alb.id]
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 80
  }
}

# Gap, section 3 (resource limits): a retry storm can scale the service to 100 tasks
# (PR-LIM-003 aws-autoscaling-bounded-max).
resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 100
}

# Gap, section 5 (external service resilience): the idle timeout is the silent default
# (PR-RES-006 aws-lb-idle-timeout-explicit).
# Gap, section 4 (deployment & operations): no alarm watches the load balancer
# (PR-OPS-010 aws-cloudwatch-alarms-cover-resources).
resource "aws_lb" "web" {
  name               = var.name
  load_balancer_type = "application"
  subnets            = [for subnet in aws_subnet.public : subnet.id]
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "web" {
  name        = "${var.name}-web"
  port        = 80
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  health_check {
    path    = "/"
    matcher = "200"
  }
}

# Gap, section 3 (protocol parity): the service is served over plain HTTP, with no HTTPS listener to redirect to
# (PR-SEC-004 aws-lb-http-redirects-to-https).
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# The same kind of load balancer written with the older aws_alb names.

resource "aws_alb" "admin" {
  name            = "admin"
  subnets         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  security_groups = ["sg-0fedcba9876543210"]
}

# differs: CKV_AWS_103 admin_http and fixed are plain HTTP listeners: Checkov fails them for want of TLS, Palisade judges the TLS policy of HTTPS and TLS listeners only
resource "aws_alb_listener" "admin_http" {
  load_balancer_arn = aws_alb.admin.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/admin/0123456789abcdef"
  }
}

resource "aws_alb_listener" "admin_https" {
  load_balancer_arn = aws_alb.admin.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-FS-1-2-Res-2020-10"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/admin/0123456789abcdef"
  }
}

resource "aws_lb_listener" "fixed" {
  load_balancer_arn = aws_alb.admin.arn
  port              = 8081
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "maintenance"
      status_code  = "503"
    }
  }
}

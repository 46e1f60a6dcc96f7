# A load balancer and listeners configured from variables without a default.

variable "drop_invalid_headers" {
  type = bool
}

variable "listener_protocol" {
  type = string
}

variable "ssl_policy" {
  type = string
}

resource "aws_lb" "web" {
  name                       = "web"
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = var.drop_invalid_headers
}

resource "aws_lb_listener" "front" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = var.listener_protocol
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

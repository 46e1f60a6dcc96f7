# The monolith as it was lifted into AWS in 2019, before the platform modules existed. Kept
# running until the strangler migration is done.

resource "aws_instance" "monolith" {
  ami                         = var.ami
  instance_type               = "m5.2xlarge"
  subnet_id                   = aws_subnet.public.id
  vpc_security_group_ids      = [aws_security_group.monolith.id]
  associate_public_ip_address = true

  root_block_device {
    volume_size = 200
    encrypted   = false
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    encrypted   = false
  }
}

resource "aws_ebs_volume" "uploads" {
  availability_zone = aws_instance.monolith.availability_zone
  size              = 2000
}

resource "aws_db_instance" "monolith" {
  identifier                 = "monolith"
  engine                     = "mysql"
  engine_version             = "5.7.44"
  instance_class             = "db.m5.xlarge"
  allocated_storage          = 500
  username                   = "root"
  password                   = var.db_password
  publicly_accessible        = true
  storage_encrypted          = false
  backup_retention_period    = 0
  auto_minor_version_upgrade = false
  multi_az                   = false
  skip_final_snapshot        = true
  db_subnet_group_name       = "default"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-monolith-assets"
  acl    = "public-read"

  website {
    index_document = "index.html"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "acme-monolith-exports"
  acl    = "public-read-write"

  versioning {
    enabled = false
  }
}

resource "aws_lb" "monolith" {
  name            = "monolith"
  subnets         = [aws_subnet.public.id]
  security_groups = [aws_security_group.monolith.id]
}

# differs: CKV_AWS_103 http is a plain HTTP listener that forwards: Checkov fails it for TLS, Palisade leaves it to TF-AWS-LB-HTTP-REDIRECT (CKV_AWS_2)
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.monolith.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/monolith/0123456789abcdef"
  }
}

# differs: CKV_AWS_338 monolith sets no retention_in_days, so it keeps its events forever: Palisade passes it, Checkov wants a retention of a year or more written
resource "aws_cloudwatch_log_group" "monolith" {
  name = "/legacy/monolith"
}

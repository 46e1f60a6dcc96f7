# Container registries of the platform.

variable "repositories" {
  type    = list(string)
  default = ["api", "worker", "web"]
}

resource "aws_kms_key" "ecr" {
  description         = "ECR images"
  enable_key_rotation = true
}

resource "aws_ecr_repository" "service" {
  for_each             = toset(var.repositories)
  name                 = "platform/${each.value}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_repository" "sandbox" {
  name = "sandbox"
}

resource "aws_ecr_repository" "base_images" {
  name                 = "base-images"
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    scan_on_push = false
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# differs: CKV_AWS_51 IMMUTABLE_WITH_EXCLUSION keeps every tag but the excluded ones immutable: Palisade accepts it, Checkov only IMMUTABLE
# differs: CKV_AWS_136 KMS_DSSE encrypts with a KMS key (dual-layer): Palisade accepts it, Checkov accepts only KMS
resource "aws_ecr_repository" "releases" {
  name                 = "releases"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"

  image_tag_mutability_exclusion_filter {
    filter      = "latest*"
    filter_type = "WILDCARD"
  }

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS_DSSE"
  }
}

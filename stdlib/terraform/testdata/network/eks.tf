# EKS clusters: `open` keeps every default (a public endpoint open to 0.0.0.0/0, secrets
# without a KMS key), `listed` lists 0.0.0.0/0 itself, `private` and `restricted` keep the
# endpoint off the internet, `pending` takes its settings from variables without a default.

variable "public_access_cidrs" {
  type = list(string)
}

variable "encrypted_resources" {
  type = list(string)
}

resource "aws_eks_cluster" "open" {
  name     = "open"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids = aws_subnet.private[*].id
  }
}

resource "aws_eks_cluster" "listed" {
  name     = "listed"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids             = aws_subnet.private[*].id
    endpoint_public_access = true
    public_access_cidrs    = ["198.51.100.0/24", "0.0.0.0/0"]
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    public_access_cidrs     = ["198.51.100.0/24"]
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

resource "aws_eks_cluster" "pending" {
  name     = "pending"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids          = aws_subnet.private[*].id
    public_access_cidrs = var.public_access_cidrs
  }

  encryption_config {
    resources = var.encrypted_resources

    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

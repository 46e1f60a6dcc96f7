resource "aws_kms_key" "eks" {
  description             = "EKS secrets of ${var.cluster_name}"
  deletion_window_in_days = 14
  enable_key_rotation     = true
}

resource "aws_kms_alias" "eks" {
  name          = "alias/eks-${var.cluster_name}"
  target_key_id = aws_kms_key.eks.key_id
}

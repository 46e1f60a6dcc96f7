# The CI cluster: the runners' jobs call the API from GitHub's hosted runners, so the endpoint
# stays public, limited to the VPN for now; secrets encryption is pending the key migration.
# differs: CKV_AWS_39 ci keeps a public endpoint limited by public_access_cidrs to the VPN: Palisade reports only an endpoint open to 0.0.0.0/0, Checkov every public endpoint
resource "aws_eks_cluster" "ci" {
  name     = "${var.cluster_name}-ci"
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = var.admin_cidrs
  }
}

output "cluster_endpoint" {
  value = aws_eks_cluster.this.endpoint
}

output "cluster_ca" {
  value     = aws_eks_cluster.this.certificate_authority[0].data
  sensitive = true
}

output "node_group_arns" {
  value = { for k, g in aws_eks_node_group.this : k => g.arn }
}

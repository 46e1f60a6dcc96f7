variable "cluster_name" {
  type    = string
  default = "platform"
}

variable "kubernetes_version" {
  type    = string
  default = "1.30"
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0101", "subnet-0202", "subnet-0303"]
}

variable "admin_cidrs" {
  description = "Networks that reach the public API endpoint: the VPN egress."
  type        = list(string)
  default     = ["198.51.100.0/26"]
}

variable "node_groups" {
  type = map(object({
    instance_type = string
    min           = number
    max           = number
  }))
  default = {
    general = { instance_type = "m6i.xlarge", min = 3, max = 12 }
    batch   = { instance_type = "c6i.2xlarge", min = 0, max = 20 }
  }
}

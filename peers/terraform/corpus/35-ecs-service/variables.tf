variable "name" {
  type    = string
  default = "checkout"
}

variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d4e5f60718"
}

variable "public_subnets" {
  type    = list(string)
  default = ["subnet-0p1", "subnet-0p2"]
}

variable "private_subnets" {
  type    = list(string)
  default = ["subnet-0q1", "subnet-0q2"]
}

variable "certificate_arn" {
  type    = string
  default = "arn:aws:acm:eu-west-1:111122223333:certificate/2f1e0d9c-8b7a-6543-2109-fedcba987654"
}

variable "image_tag" {
  type    = string
  default = "1.42.0"
}

variable "repositories" {
  description = "The images the service is built from."
  type        = list(string)
  default     = ["checkout-api", "checkout-worker"]
}

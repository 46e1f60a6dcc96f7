variable "db_password" {
  type      = string
  sensitive = true
}

variable "instance_class" {
  type    = string
  default = "db.r6g.large"
}

variable "backup_days" {
  type    = number
  default = 14
}

variable "publicly_accessible" {
  type        = bool
  description = "Set per environment; no default on purpose."
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88", "subnet-0cc99dd00ee11ff22"]
}

variable "kms_key_arn" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/7c1e5a90-2b3d-4e8f-9a0b-1c2d3e4f5a6b"
}

variable "databases" {
  description = "The team databases: engine, size and whether it is production data."
  type = map(object({
    engine         = string
    engine_version = string
    instance_class = string
    storage_gb     = number
  }))
  default = {
    billing = {
      engine         = "postgres"
      engine_version = "16.3"
      instance_class = "db.m6g.large"
      storage_gb     = 200
    }
    identity = {
      engine         = "mysql"
      engine_version = "8.0.36"
      instance_class = "db.m6g.large"
      storage_gb     = 100
    }
  }
}

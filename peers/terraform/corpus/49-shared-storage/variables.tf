variable "availability_zones" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "scratch_volume_count" {
  type    = number
  default = 2
}

variable "kms_key_arn" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/dddd2222-eeee-3333-ffff-444455556666"
}

resource "aws_kms_key" "lake" {
  description         = "Data lake objects"
  enable_key_rotation = true
}

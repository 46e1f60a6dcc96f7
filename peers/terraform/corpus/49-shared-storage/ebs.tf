resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_default_kms_key" "this" {
  key_arn = var.kms_key_arn
}

resource "aws_ebs_volume" "journal" {
  count = length(var.availability_zones)

  availability_zone = var.availability_zones[count.index]
  size              = 500
  type              = "io2"
  iops              = 8000
  encrypted         = true
  kms_key_id        = var.kms_key_arn

  tags = {
    Name = "journal-${count.index}"
  }
}

resource "aws_ebs_volume" "scratch" {
  count = var.scratch_volume_count

  availability_zone = var.availability_zones[0]
  size              = 1000
  type              = "st1"

  tags = {
    Name = "scratch-${count.index}"
  }
}

resource "aws_ebs_snapshot" "journal_baseline" {
  volume_id = aws_ebs_volume.journal[0].id
}

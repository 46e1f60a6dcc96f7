# Booleans written as strings, which Terraform converts: "1" is true, "0" is false.
resource "aws_subnet" "public_by_one" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = "1"
}

resource "aws_subnet" "private_by_zero" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = "0"
}

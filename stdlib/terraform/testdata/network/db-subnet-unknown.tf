# A database subnet whose route table sends the default route to a gateway given by a variable
# without a default: it may be an internet gateway or a virtual private gateway.

variable "gateway_id" {
  type = string
}

resource "aws_subnet" "rds" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.20.0/24"
}

resource "aws_route_table" "shared" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "default" {
  route_table_id         = aws_route_table.shared.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = var.gateway_id
}

resource "aws_route_table_association" "rds" {
  subnet_id      = aws_subnet.rds.id
  route_table_id = aws_route_table.shared.id
}

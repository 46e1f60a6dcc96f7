# A VPC whose database subnets reach the internet gateway: `db` (by its name) through the
# public route table, `storage` (listed by the DB subnet group) through an aws_route on the
# edge route table, and `reporting` (by its tag) through the VPC's main route table, which it
# uses for want of an association. `app` and `public` are no database subnets.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true

  tags = {
    Name = "public-a"
  }
}

resource "aws_subnet" "db" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, 20 + count.index)
  availability_zone = element(["eu-west-1a", "eu-west-1b"], count.index)

  tags = {
    Name = "db-${count.index}"
  }
}

resource "aws_subnet" "storage" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.30.0/24"

  tags = {
    Name = "storage-a"
  }
}

resource "aws_subnet" "reporting" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.40.0/24"

  tags = {
    Name = "reporting-a"
    Tier = "Database"
  }
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.10.0/24"

  tags = {
    Name = "app-a"
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "db" {
  count          = 2
  subnet_id      = aws_subnet.db[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "edge_internet" {
  route_table_id              = aws_route_table.edge.id
  destination_ipv6_cidr_block = "::/0"
  gateway_id                  = aws_internet_gateway.main.id
}

resource "aws_route_table_association" "storage" {
  subnet_id      = aws_subnet.storage.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_db_subnet_group" "main" {
  name       = "main"
  subnet_ids = [aws_subnet.storage.id]
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.main.default_route_table_id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

# A security group module whose rules come from a variable through a dynamic block.

variable "ingress_rules" {
  type = list(object({
    port        = number
    cidr_blocks = list(string)
  }))
  default = [
    { port = 443, cidr_blocks = ["0.0.0.0/0"] },
    { port = 22, cidr_blocks = ["0.0.0.0/0"] },
  ]
}

variable "allowed_ports" {
  type    = list(number)
  default = [80, 443]
}

# differs: CKV_AWS_24 both groups take their ingress from dynamic blocks: Palisade reports them as not verifiable, Checkov expands the first (and finds port 22) but not the second, which iterates a toset
# differs: CKV_AWS_25 the dynamic ingress blocks are not verifiable for Palisade; Checkov finds no port 3389 in what it expands
# differs: CKV_AWS_277 the dynamic ingress blocks are not verifiable for Palisade; Checkov finds no protocol -1 in what it expands
resource "aws_security_group" "service" {
  name   = "service"
  vpc_id = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidr_blocks
    }
  }
}

resource "aws_security_group" "public_web" {
  name   = "public-web"
  vpc_id = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = toset(var.allowed_ports)
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

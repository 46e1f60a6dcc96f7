locals {
  web_rules = [
    { name = "https-in", priority = 100, port = "443", source = "Internet" },
    { name = "health-probe", priority = 110, port = "8080", source = "AzureLoadBalancer" },
    { name = "ssh-bastion", priority = 120, port = "22", source = "10.20.250.0/27" },
  ]
}

# differs: CKV_AZURE_9 web builds its rules in a dynamic security_rule block: Palisade reports them as not verifiable, Checkov expands the block from local.web_rules
# differs: CKV_AZURE_10 web builds its rules in a dynamic security_rule block: Palisade reports them as not verifiable, Checkov expands the block from local.web_rules
resource "azurerm_network_security_group" "web" {
  name                = "${var.prefix}-web"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name

  dynamic "security_rule" {
    for_each = local.web_rules
    content {
      name                       = security_rule.value.name
      priority                   = security_rule.value.priority
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = security_rule.value.port
      source_address_prefix      = security_rule.value.source
      destination_address_prefix = "*"
    }
  }
}

resource "azurerm_network_security_group" "api" {
  name                = "${var.prefix}-api"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
}

resource "azurerm_network_security_rule" "api_from_web" {
  name                        = "from-web"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "8443"]
  source_address_prefix       = var.app_subnets["web"]
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.this.name
  network_security_group_name = azurerm_network_security_group.api.name
}

resource "azurerm_network_security_rule" "api_rdp_jump" {
  name                        = "rdp-jump"
  priority                    = 200
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefixes     = ["10.20.250.0/27", "10.20.251.0/27"]
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.this.name
  network_security_group_name = azurerm_network_security_group.api.name
}

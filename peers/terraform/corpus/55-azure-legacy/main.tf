# The line-of-business stack from the 2020 lift-and-shift, on azurerm 3, before the landing
# zone policies.

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "lob" {
  name     = "lob-legacy"
  location = "northeurope"
}

resource "azurerm_storage_account" "documents" {
  name                      = "lobdocuments"
  resource_group_name       = azurerm_resource_group.lob.name
  location                  = azurerm_resource_group.lob.location
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  enable_https_traffic_only = false
  min_tls_version           = "TLS1_0"
  allow_blob_public_access  = true
}

resource "azurerm_storage_container" "scans" {
  name                  = "scans"
  storage_account_name  = azurerm_storage_account.documents.name
  container_access_type = "blob"
}

resource "azurerm_network_security_group" "lob" {
  name                = "lob-nsg"
  location            = azurerm_resource_group.lob.location
  resource_group_name = azurerm_resource_group.lob.name

  security_rule {
    name                       = "rdp"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "3389"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "ssh"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_sql_server" "lob" {
  name                         = "lob-sql"
  resource_group_name          = azurerm_resource_group.lob.name
  location                     = azurerm_resource_group.lob.location
  version                      = "12.0"
  administrator_login          = "lobadmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_mssql_server" "reporting" {
  name                         = "lob-reporting"
  resource_group_name          = azurerm_resource_group.lob.name
  location                     = azurerm_resource_group.lob.location
  version                      = "12.0"
  administrator_login          = "reporting"
  administrator_login_password = var.sql_password
}

resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "everyone"
  server_id        = azurerm_mssql_server.reporting.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}

resource "azurerm_postgresql_server" "lob" {
  name                          = "lob-pg"
  location                      = azurerm_resource_group.lob.location
  resource_group_name           = azurerm_resource_group.lob.name
  sku_name                      = "GP_Gen5_4"
  version                       = "11"
  storage_mb                    = 102400
  administrator_login           = "pgadmin"
  administrator_login_password  = var.sql_password
  ssl_enforcement_enabled       = true
  public_network_access_enabled = true
}

resource "azurerm_key_vault" "lob" {
  name                = "lob-kv"
  location            = azurerm_resource_group.lob.location
  resource_group_name = azurerm_resource_group.lob.name
  tenant_id           = "00000000-1111-2222-3333-444444444444"
  sku_name            = "standard"
}

resource "azurerm_managed_disk" "lob_data" {
  name                 = "lob-data"
  location             = azurerm_resource_group.lob.location
  resource_group_name  = azurerm_resource_group.lob.name
  storage_account_type = "Standard_LRS"
  create_option        = "Empty"
  disk_size_gb         = 512
}

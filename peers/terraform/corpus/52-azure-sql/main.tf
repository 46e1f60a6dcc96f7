# SQL Server and PostgreSQL for the line-of-business applications.

resource "azurerm_resource_group" "db" {
  name     = "rg-db-weu"
  location = "West Europe"
}

resource "azurerm_mssql_server" "crm" {
  name                          = "sql-crm-weu"
  resource_group_name           = azurerm_resource_group.db.name
  location                      = azurerm_resource_group.db.location
  version                       = "12.0"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "00000000-0000-0000-0000-000000000001"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server" "reporting" {
  name                         = "sql-reporting-weu"
  resource_group_name          = azurerm_resource_group.db.name
  location                     = azurerm_resource_group.db.location
  version                      = "12.0"
  administrator_login          = "reporting"
  administrator_login_password = "Use-Key-Vault-Instead-1!"
}

# differs: CKV_AZURE_11 the 0.0.0.0 to 0.0.0.0 rule admits every Azure service, other tenants' included: Palisade reports it, Checkov only the 0.0.0.0 to 255.255.255.255 rule
resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "AllowAzureServices"
  server_id        = azurerm_mssql_server.reporting.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "AllowAll"
  server_id        = azurerm_mssql_server.reporting.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}

resource "azurerm_mssql_firewall_rule" "office" {
  name             = "Office"
  server_id        = azurerm_mssql_server.reporting.id
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.255"
}

resource "azurerm_postgresql_server" "billing" {
  name                = "psql-billing-weu"
  location            = azurerm_resource_group.db.location
  resource_group_name = azurerm_resource_group.db.name

  administrator_login          = "billing"
  administrator_login_password = "Use-Key-Vault-Instead-1!"

  sku_name   = "GP_Gen5_2"
  version    = "11"
  storage_mb = 51200

  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_2"
  public_network_access_enabled    = false
}

resource "azurerm_postgresql_server" "legacy" {
  name                = "psql-legacy-weu"
  location            = azurerm_resource_group.db.location
  resource_group_name = azurerm_resource_group.db.name

  administrator_login          = "legacy"
  administrator_login_password = "Use-Key-Vault-Instead-1!"

  sku_name                = "B_Gen5_1"
  version                 = "10"
  ssl_enforcement_enabled = true
}

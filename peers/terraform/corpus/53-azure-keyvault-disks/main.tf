# Key vaults and managed disks of the application virtual machines.

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "app" {
  name     = "rg-app-weu"
  location = "West Europe"
}

resource "azurerm_key_vault" "app" {
  name                       = "kv-app-weu"
  location                   = azurerm_resource_group.app.location
  resource_group_name        = azurerm_resource_group.app.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "premium"
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
  enable_rbac_authorization  = true
}

resource "azurerm_key_vault" "scratch" {
  name                = "kv-scratch-weu"
  location            = azurerm_resource_group.app.location
  resource_group_name = azurerm_resource_group.app.name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
}

resource "azurerm_key_vault" "legacy" {
  name                     = "kv-legacy-weu"
  location                 = azurerm_resource_group.app.location
  resource_group_name      = azurerm_resource_group.app.name
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  soft_delete_enabled      = false
  purge_protection_enabled = false
}

resource "azurerm_key_vault_key" "disks" {
  name         = "disk-encryption"
  key_vault_id = azurerm_key_vault.app.id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_disk_encryption_set" "app" {
  name                = "des-app"
  resource_group_name = azurerm_resource_group.app.name
  location            = azurerm_resource_group.app.location
  key_vault_key_id    = azurerm_key_vault_key.disks.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_managed_disk" "data" {
  name                   = "disk-app-data"
  location               = azurerm_resource_group.app.location
  resource_group_name    = azurerm_resource_group.app.name
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 256
  disk_encryption_set_id = azurerm_disk_encryption_set.app.id
}

resource "azurerm_managed_disk" "logs" {
  name                 = "disk-app-logs"
  location             = azurerm_resource_group.app.location
  resource_group_name  = azurerm_resource_group.app.name
  storage_account_type = "StandardSSD_LRS"
  create_option        = "Empty"
  disk_size_gb         = 64
}

# differs: CKV_AZURE_93 ade is encrypted with Azure Disk Encryption (encryption_settings): Palisade accepts it, Checkov reads only disk_encryption_set_id
resource "azurerm_managed_disk" "ade" {
  name                 = "disk-app-ade"
  location             = azurerm_resource_group.app.location
  resource_group_name  = azurerm_resource_group.app.name
  storage_account_type = "Premium_LRS"
  create_option        = "Empty"
  disk_size_gb         = 128

  encryption_settings {
    disk_encryption_key {
      secret_url      = "https://kv-app-weu.vault.azure.net/secrets/ade/0123456789abcdef"
      source_vault_id = azurerm_key_vault.app.id
    }
  }
}

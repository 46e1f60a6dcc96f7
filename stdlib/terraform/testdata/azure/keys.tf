variable "des_id" {
  type = string
}

data "azurerm_client_config" "current" {}

resource "azurerm_key_vault" "default" {
  name                = "kv-default"
  location            = "westeurope"
  resource_group_name = "rg-keys"
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
}

resource "azurerm_key_vault" "protected" {
  name                     = "kv-protected"
  location                 = "westeurope"
  resource_group_name      = "rg-keys"
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "premium"
  purge_protection_enabled = true
}

resource "azurerm_key_vault" "v2" {
  name                     = "kv-v2"
  location                 = "westeurope"
  resource_group_name      = "rg-keys"
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  soft_delete_enabled      = false
  purge_protection_enabled = false
}

resource "azurerm_managed_disk" "plain" {
  name                 = "disk-plain"
  location             = "westeurope"
  resource_group_name  = "rg-keys"
  storage_account_type = "Standard_LRS"
  create_option        = "Empty"
  disk_size_gb         = 64
}

resource "azurerm_managed_disk" "cmk" {
  name                   = "disk-cmk"
  location               = "westeurope"
  resource_group_name    = "rg-keys"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 64
  disk_encryption_set_id = azurerm_disk_encryption_set.main.id
}

resource "azurerm_managed_disk" "configurable" {
  name                   = "disk-configurable"
  location               = "westeurope"
  resource_group_name    = "rg-keys"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 64
  disk_encryption_set_id = var.des_id
}

resource "azurerm_managed_disk" "ade" {
  name                 = "disk-ade"
  location             = "westeurope"
  resource_group_name  = "rg-keys"
  storage_account_type = "Premium_LRS"
  create_option        = "Empty"
  disk_size_gb         = 64

  encryption_settings {
    disk_encryption_key {
      secret_url      = "https://kv-protected.vault.azure.net/secrets/disk-ade/0123456789abcdef"
      source_vault_id = azurerm_key_vault.protected.id
    }
  }
}

resource "azurerm_disk_encryption_set" "main" {
  name                = "des-main"
  resource_group_name = "rg-keys"
  location            = "westeurope"
  key_vault_key_id    = "https://kv-protected.vault.azure.net/keys/disks/0123456789abcdef"

  identity {
    type = "SystemAssigned"
  }
}

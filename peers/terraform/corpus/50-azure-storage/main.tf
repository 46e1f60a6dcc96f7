# Storage accounts of the Azure landing zone (azurerm 3.x and 4.x attribute names).

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "data" {
  name     = "rg-data-weu"
  location = "West Europe"
}

resource "azurerm_storage_account" "lake" {
  name                            = "acmelakeweu"
  resource_group_name             = azurerm_resource_group.data.name
  location                        = azurerm_resource_group.data.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  account_kind                    = "StorageV2"
  is_hns_enabled                  = true
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false
  shared_access_key_enabled       = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

# differs: CKV_AZURE_44 web leaves min_tls_version out, which is TLS1_2 since azurerm 3.0: Palisade passes it, Checkov wants it written
resource "azurerm_storage_account" "web" {
  name                     = "acmewebassets"
  resource_group_name      = azurerm_resource_group.data.name
  location                 = azurerm_resource_group.data.location
  account_tier             = "Standard"
  account_replication_type = "LRS"

  static_website {
    index_document = "index.html"
  }
}

resource "azurerm_storage_account" "legacy" {
  name                      = "acmelegacyftp"
  resource_group_name       = azurerm_resource_group.data.name
  location                  = azurerm_resource_group.data.location
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  enable_https_traffic_only = false
  min_tls_version           = "TLS1_0"
  allow_blob_public_access  = true
}

# differs: CKV_AZURE_3 backups turns HTTPS-only off with the azurerm 4 name https_traffic_only_enabled: Palisade reads both names, Checkov only enable_https_traffic_only
resource "azurerm_storage_account" "backups" {
  name                            = "acmebackupsweu"
  resource_group_name             = azurerm_resource_group.data.name
  location                        = azurerm_resource_group.data.location
  account_tier                    = "Standard"
  account_replication_type        = "RAGRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = false
  allow_nested_items_to_be_public = true
  public_network_access_enabled   = true

  network_rules {
    default_action = "Deny"
    ip_rules       = ["203.0.113.10"]
  }
}

resource "azurerm_storage_account" "diagnostics" {
  name                            = "acmediagweu"
  resource_group_name             = azurerm_resource_group.data.name
  location                        = azurerm_resource_group.data.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_1"
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false
}

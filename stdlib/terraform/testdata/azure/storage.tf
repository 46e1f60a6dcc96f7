variable "https_only" {
  type = bool
}

variable "tls" {
  type = string
}

variable "public" {
  type = bool
}

resource "azurerm_storage_account" "legacy" {
  name                      = "acmelegacy"
  resource_group_name       = "rg-legacy"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  enable_https_traffic_only = false
  min_tls_version           = "TLS1_0"
}

resource "azurerm_storage_account" "current" {
  name                            = "acmecurrent"
  resource_group_name             = "rg-current"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false
}

resource "azurerm_storage_account" "v2" {
  name                     = "acmev2"
  resource_group_name      = "rg-v2"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_blob_public_access = true
}

resource "azurerm_storage_account" "configurable" {
  name                            = "acmeconfigurable"
  resource_group_name             = "rg-configurable"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  https_traffic_only_enabled      = var.https_only
  min_tls_version                 = var.tls
  allow_nested_items_to_be_public = var.public
  public_network_access_enabled   = var.public
}

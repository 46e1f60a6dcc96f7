output "storage_account_id" {
  value = azurerm_storage_account.data.id
}

output "sql_server_fqdn" {
  value = azurerm_mssql_server.this.fully_qualified_domain_name
}

output "key_vault_uri" {
  value = azurerm_key_vault.this.vault_uri
}

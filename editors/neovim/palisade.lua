-- Palisade in Neovim 0.11+: the `.pal` filetype and the language server (`palisade lsp`).
-- Copy this file into your configuration, e.g. ~/.config/nvim/plugin/palisade.lua; the
-- `palisade` binary must be on PATH (or change `cmd`). The end-to-end test loads this file.
vim.filetype.add({ extension = { pal = "palisade" } })

vim.lsp.config("palisade", {
  cmd = { "palisade", "lsp" },
  filetypes = { "palisade" },
  root_markers = { "palisade.toml", ".git" },
})

vim.lsp.enable("palisade")

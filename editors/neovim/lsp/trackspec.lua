-- Neovim 0.11+ (`vim.lsp.config` / `vim.lsp.enable("trackspec")`): put this folder on 'runtimepath'.
return {
  cmd = { "trackspec", "lsp" },
  filetypes = { "json", "jsonc", "yaml" },
  root_markers = { "trackspec.json", ".git" },
  init_options = {},
}

-- Tracking files are JSON, even where another plugin would call `*.json` with comments jsonc.
vim.cmd([[autocmd BufRead,BufNewFile trackspec.json,*.scenario.json,*.tracking-plan.json,*.connection.json,*.data-product.json setfiletype json]])

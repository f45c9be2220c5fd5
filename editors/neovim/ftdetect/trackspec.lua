-- Tracking files are JSON, even where another plugin would call `*.json` with comments jsonc.
vim.cmd([[autocmd BufRead,BufNewFile trackspec.json,*.scenario.json,*.tracking-plan.json,*.connection.json,*.data-product.json setfiletype json]])
-- Iglu schemas in a static registry's layout (schemas/{vendor}/{name}/jsonschema/{M-R-A}) have no extension.
vim.cmd([[autocmd BufRead,BufNewFile */schemas/*/*/jsonschema/[0-9]*-[0-9]*-[0-9]* setfiletype json]])

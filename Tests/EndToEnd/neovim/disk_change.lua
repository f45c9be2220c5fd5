-- Headless Neovim 0.7 with the editors/neovim module set up as its README says: open plan.yaml (clean), then
-- another program changes catalog/properties.yaml on disk (`sed -i`, run from here as a shell command, not
-- through the editor); the plan's diagnostics must follow without `:w`. Neovim 0.7 has no
-- workspace/didChangeWatchedFiles: the server watches the workspace itself. Result in $TRACKSPEC_NVIM_OUT.
local root = os.getenv("TRACKSPEC_ROOT")
local out = os.getenv("TRACKSPEC_NVIM_OUT")
-- Neovim was started with `-u` the init.lua of editors/neovim/README.md (trackspec on PATH).

vim.cmd("edit " .. vim.fn.fnameescape(root .. "/plan.yaml"))
local bufnr = vim.api.nvim_get_current_buf()
local result = {}
result.attached = vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
-- The first publication (clean): wait until the client has had time to get it.
vim.wait(1500, function() return false end, 50)
result.before = #vim.diagnostic.get(bufnr)
vim.fn.system({ "sed", "-i", "s/id: product_id/id: product_sku/", root .. "/catalog/properties.yaml" })
result.sed = vim.v.shell_error
result.seen = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
result.codes = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(result.codes, code)
end
result.modified = vim.api.nvim_buf_get_option(bufnr, "modified")
local f = io.open(out, "w")
f:write(vim.fn.json_encode(result))
f:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qa!")

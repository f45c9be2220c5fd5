-- Headless Neovim 0.7 with the editors/neovim module: open $TRACKSPEC_FILE, set the buffer's indentation
-- options as a user would (noexpandtab, shiftwidth from $TRACKSPEC_SHIFTWIDTH), format through the server
-- (what the module's <leader>f does: vim.lsp.buf.formatting on 0.7, here its synchronous form), and record
-- the buffer text and the messages shown, as JSON in $TRACKSPEC_NVIM_OUT.
local out = os.getenv("TRACKSPEC_NVIM_OUT")
-- Neovim was started with `-u` the init.lua of editors/neovim/README.md (trackspec on PATH).
local messages = {}
vim.lsp.handlers["window/showMessage"] = function(_, result) table.insert(messages, result.message) end

local results = {}
for _, file in ipairs(vim.split(os.getenv("TRACKSPEC_FILES"), "\t", { plain = true })) do
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
  vim.bo[bufnr].expandtab = os.getenv("TRACKSPEC_EXPANDTAB") == "1"
  vim.bo[bufnr].shiftwidth = tonumber(os.getenv("TRACKSPEC_SHIFTWIDTH"))
  vim.bo[bufnr].tabstop = tonumber(os.getenv("TRACKSPEC_SHIFTWIDTH"))
  vim.lsp.buf.formatting_sync(nil, 10000)
  vim.wait(500, function() return false end, 50)
  table.insert(results, { text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") })
end
local f = io.open(out, "w")
f:write(vim.fn.json_encode({ results = results, messages = messages }))
f:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qa!")

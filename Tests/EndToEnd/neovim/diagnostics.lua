-- Headless Neovim (0.7+) end-to-end check: start trackspec with the built-in client, open a file,
-- wait for diagnostics and write them as JSON to $TRACKSPEC_NVIM_OUT.
local cmd = vim.split(os.getenv("TRACKSPEC_CMD"), "\t", { plain = true })
local file = os.getenv("TRACKSPEC_FILE")
local out = os.getenv("TRACKSPEC_NVIM_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "trackspec",
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
local result = { ok = ok, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(result.diagnostics, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source, code = code,
  })
end
table.sort(result.diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)

-- Then fix the file through the editor: the diagnostics must clear.
vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, { '{"fixed": true}' })
result.cleared = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50)

local f = io.open(out, "w")
f:write(vim.fn.json_encode(result))
f:close()

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd("qa!")

-- Headless Neovim: the editors/neovim module as a user sets it up, then diagnostics, a completion and a
-- hover round-trip on a connection file; results as JSON in $TRACKSPEC_NVIM_OUT.
local file = os.getenv("TRACKSPEC_FILE")
local out = os.getenv("TRACKSPEC_NVIM_OUT")
-- Neovim was started with `-u` the init.lua of editors/neovim/README.md (trackspec on PATH).

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local result = { filetype = vim.bo[bufnr].filetype }
result.attached = vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
result.ok = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
result.codes = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(result.codes, code)
end
table.sort(result.codes)

-- Completion inside the "track" settings object (line and column of the cursor given by the test).
local line = tonumber(os.getenv("TRACKSPEC_LINE"))
local character = tonumber(os.getenv("TRACKSPEC_CHARACTER"))
local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", params, 10000) or {}
result.completion = {}
for _, response in pairs(responses) do
  local items = response.result and (response.result.items or response.result) or {}
  for _, item in ipairs(items) do
    table.insert(result.completion, { label = item.label, newText = item.textEdit and item.textEdit.newText, format = item.insertTextFormat })
  end
end

-- Hover on the setting named by the test.
local hover_line = tonumber(os.getenv("TRACKSPEC_HOVER_LINE"))
local hover_character = tonumber(os.getenv("TRACKSPEC_HOVER_CHARACTER"))
local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover",
  { textDocument = params.textDocument, position = { line = hover_line, character = hover_character } }, 10000) or {}
for _, response in pairs(hover) do
  if response.result then result.hover = response.result.contents.value end
end

-- The keys the module sets on attach (buffer-local).
result.omnifunc = vim.bo[bufnr].omnifunc
result.maps = {}
for _, lhs in ipairs({ "K", "gd", "<leader>ca", "<leader>f" }) do
  local m = vim.fn.maparg(lhs, "n", false, true)
  result.maps[lhs] = (m.buffer == 1) and (m.desc or "mapped") or vim.NIL
end

local f = io.open(out, "w")
f:write(vim.fn.json_encode(result))
f:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qa!")

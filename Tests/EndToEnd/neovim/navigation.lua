-- Headless Neovim 0.7 with the editors/neovim module set up as its README says, in a copy of a rudder-cli project:
-- on a reference in the open tracking plan, the user's commands for references (vim.lsp.buf.references: the
-- quickfix list), workspace symbols (vim.lsp.buf.workspace_symbol) and rename (vim.lsp.buf.rename, which
-- applies the edit to every file, loading the files not open into buffers, none saved). Records the lists and
-- every project buffer's text, as JSON in $TRACKSPEC_NVIM_OUT. $TRACKSPEC_FILE: the plan; $TRACKSPEC_LINE and
-- $TRACKSPEC_COL (0-based, bytes): the cursor; $TRACKSPEC_NEW_NAME: the new id; $TRACKSPEC_QUERY: the symbol query.
-- Neovim was started with `-u` the init.lua of editors/neovim/README.md (trackspec on PATH).
local result = {}
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TRACKSPEC_FILE")))
local bufnr = vim.api.nvim_get_current_buf()
result.attached = vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv("TRACKSPEC_LINE")) + 1, tonumber(os.getenv("TRACKSPEC_COL")) })

local function qf_entries()
  local out = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(out, { file = vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ":t"), lnum = item.lnum, text = item.text })
  end
  return out
end

vim.fn.setqflist({})
vim.lsp.buf.references()
vim.wait(10000, function() return #vim.fn.getqflist() > 0 end, 50)
result.references = qf_entries()
vim.cmd("cclose")
vim.api.nvim_set_current_buf(bufnr)
vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv("TRACKSPEC_LINE")) + 1, tonumber(os.getenv("TRACKSPEC_COL")) })

vim.fn.setqflist({})
vim.lsp.buf.workspace_symbol(os.getenv("TRACKSPEC_QUERY"))
vim.wait(10000, function() return #vim.fn.getqflist() > 0 end, 50)
result.symbols = qf_entries()
vim.cmd("cclose")
vim.api.nvim_set_current_buf(bufnr)
vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv("TRACKSPEC_LINE")) + 1, tonumber(os.getenv("TRACKSPEC_COL")) })

-- Code lenses of the properties file (Neovim shows them as virtual text after vim.lsp.codelens.refresh()).
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TRACKSPEC_LENS_FILE")))
local lensbuf = vim.api.nvim_get_current_buf()
vim.wait(10000, function() return #vim.lsp.buf_get_clients(lensbuf) > 0 end, 50)
vim.lsp.codelens.refresh()
vim.wait(10000, function() return #vim.lsp.codelens.get(lensbuf) > 0 end, 50)
result.lenses = {}
for _, lens in ipairs(vim.lsp.codelens.get(lensbuf)) do
  table.insert(result.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title or vim.NIL })
end
vim.api.nvim_set_current_buf(bufnr)
vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv("TRACKSPEC_LINE")) + 1, tonumber(os.getenv("TRACKSPEC_COL")) })

local tick = vim.api.nvim_buf_get_changedtick(bufnr)
vim.lsp.buf.rename(os.getenv("TRACKSPEC_NEW_NAME"))
vim.wait(10000, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end, 50)
result.buffers = {}
for _, b in ipairs(vim.api.nvim_list_bufs()) do
  local name = vim.api.nvim_buf_get_name(b)
  if name ~= "" and vim.api.nvim_buf_is_loaded(b) and vim.fn.filereadable(name) == 1 then
    result.buffers[vim.fn.fnamemodify(name, ":t")] = {
      text = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), "\n") .. "\n",
      modified = vim.bo[b].modified,
    }
  end
end

local f = io.open(os.getenv("TRACKSPEC_NVIM_OUT"), "w")
f:write(vim.fn.json_encode(result))
f:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qa!")

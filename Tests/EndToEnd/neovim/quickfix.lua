-- Headless Neovim 0.7 with the editors/neovim module set up as its README says: for each case, open the file,
-- wait for its diagnostics, put the cursor on the one the case names, run the module's quick-fix command
-- (vim.lsp.buf.code_action, what <leader>ca does) and choose from its menu (vim.ui.select) the action whose
-- title contains the case's `pick`, as a user does; Neovim applies the edit. Cases from $TRACKSPEC_CASES
-- (JSON: [{file, line, col, pick}], 0-based line, byte column); the buffers' texts as JSON in
-- $TRACKSPEC_NVIM_OUT, with the texts of other buffers a fix changed.
-- Neovim was started with `-u` the init.lua of editors/neovim/README.md (trackspec on PATH).
local handle = io.open(os.getenv("TRACKSPEC_CASES"))
local cases = vim.fn.json_decode(handle:read("*a"))
handle:close()
local results = {}

local offered, pick
vim.ui.select = function(items, opts, on_choice)
  offered = {}
  local chosen
  for i, item in ipairs(items) do
    local title = opts.format_item and opts.format_item(item) or tostring(item)
    table.insert(offered, title)
    if not chosen and title:find(pick, 1, true) then chosen = i end
  end
  on_choice(chosen and items[chosen] or nil, chosen)
end

local function text(bufnr)
  -- The whole buffer as a file holds it (with the final newline Neovim writes).
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
end

for _, case in ipairs(cases) do
  vim.cmd("edit! " .. vim.fn.fnameescape(case.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local result = { text = "", offered = {} }
  if vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
      and vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
    vim.api.nvim_win_set_cursor(0, { case.line + 1, case.col })
    local before = vim.api.nvim_buf_get_changedtick(bufnr)
    pick = case.pick
    vim.lsp.buf.code_action()
    vim.wait(10000, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= before end, 50)
    result.offered = offered
    -- Other files a fix changed (a rename of an id): loaded into buffers, modified, not saved.
    result.others = {}
    for _, other in ipairs(vim.api.nvim_list_bufs()) do
      if other ~= bufnr and vim.api.nvim_buf_is_loaded(other) and vim.api.nvim_buf_get_option(other, "modified") then
        result.others[vim.fn.fnamemodify(vim.api.nvim_buf_get_name(other), ":t")] = text(other)
      end
    end
  else
    result.error = "no client or no diagnostics"
  end
  result.text = text(bufnr)
  table.insert(results, result)
end

local f = io.open(os.getenv("TRACKSPEC_NVIM_OUT"), "w")
f:write(vim.fn.json_encode(results))
f:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qa!")

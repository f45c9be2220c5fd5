-- Headless Neovim 0.7, the editors/neovim module set up as its README says: for each case, open the file,
-- put the cursor where the case says, type <C-x><C-o> in insert mode (the omnifunc the module sets), accept
-- the first item the popup offers (<C-y>), leave insert mode, and record the buffer's text. Keys go through
-- Neovim's input queue from scheduled callbacks, so the completion runs exactly as when a user types.
-- Cases come from $TRACKSPEC_CASES (JSON: [{file, line, col, rounds}], 0-based line, byte column; after the
-- first round, `a<C-x><C-o>` completes again right after the accepted text); results as JSON in
-- $TRACKSPEC_NVIM_OUT.
local handle = io.open(os.getenv("TRACKSPEC_CASES"))
local cases = vim.fn.json_decode(handle:read("*a"))
handle:close()
local out = os.getenv("TRACKSPEC_NVIM_OUT")
-- Neovim was started with `-u` the init.lua of editors/neovim/README.md (trackspec on PATH).

local results = {}

local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), "n", false)
end

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(results))
  f:close()
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd("qa!")
end

local run

--- Polls (from the main loop) until the completion request has answered: the popup shows, or the only
--- item was inserted without one. Then accepts, leaves insert mode and records the buffer.
local function await_completion(i, round, before, tries)
  local bufnr = vim.api.nvim_get_current_buf()
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  local info = vim.fn.complete_info({ "items", "selected" })
  if vim.fn.pumvisible() == 1 or (#info.items > 0) or text ~= before or tries > 200 then
    local offered = {}
    for _, item in ipairs(info.items) do table.insert(offered, item.word) end
    if vim.fn.pumvisible() == 1 then keys("<C-y>") end
    keys("<Esc>")
    vim.defer_fn(function()
      local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
      local now = table.concat(lines, "\n")
      if round < (cases[i].rounds or 1) and tries <= 200 then
        keys("a<C-x><C-o>")
        vim.defer_fn(function() await_completion(i, round + 1, now, 0) end, 50)
        return
      end
      if cases[i].then_type and round >= (cases[i].rounds or 1) and not cases[i].typed then
        -- Go on typing as a user does after the completion (at the end of the line), with Neovim's own
        -- indentation of YAML at work: what it does to the next line is part of the result.
        cases[i].typed = true
        keys("A" .. cases[i].then_type .. "<Esc>")
        vim.defer_fn(function()
          table.insert(results, { text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n"), offered = offered, timed_out = tries > 200 })
          run(i + 1)
        end, 100)
        return
      end
      table.insert(results, { text = now, offered = offered, timed_out = tries > 200 })
      run(i + 1)
    end, 50)
    return
  end
  vim.defer_fn(function() await_completion(i, round, before, tries + 1) end, 50)
end

run = function(i)
  if i > #cases then return finish() end
  local case = cases[i]
  vim.cmd("edit! " .. vim.fn.fnameescape(case.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
  if not attached then
    table.insert(results, { text = "", offered = {}, error = "no client attached" })
    return run(i + 1)
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, case.line, case.line + 1, false)[1]
  local before = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  if case.col >= #line then
    vim.api.nvim_win_set_cursor(0, { case.line + 1, 0 })
    keys("A<C-x><C-o>")
  else
    vim.api.nvim_win_set_cursor(0, { case.line + 1, case.col })
    keys("i<C-x><C-o>")
  end
  vim.defer_fn(function() await_completion(i, 1, before, 0) end, 50)
end

vim.defer_fn(function() run(1) end, 0)

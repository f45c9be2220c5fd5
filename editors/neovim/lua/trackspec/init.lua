-- trackspec for Neovim 0.7+: starts `trackspec lsp` for JSON and YAML buffers, one client per workspace root.
-- Uses vim.lsp.start where it exists (0.8+), vim.lsp.start_client and buf_attach_client on 0.7.
local M = {}

M.defaults = {
  name = "trackspec",
  cmd = { "trackspec", "lsp" },
  filetypes = { "json", "jsonc", "yaml" },
  -- The folder holding one of these, searched upwards from the buffer, is the workspace root.
  root_markers = { "trackspec.json", ".git" },
  -- trackspec.json's keys (include, exclude, iglu, rules, kinds), applied on top of it; sent as
  -- initializationOptions because Neovim 0.7 does not answer workspace/configuration.
  settings = {},
  -- Buffer-local keys set when the client attaches; `keymaps = false` leaves the buffer alone. Each entry
  -- can be set to false on its own, e.g. `keymaps = { format = false }`.
  keymaps = {
    omnifunc = true,       -- omnifunc=v:lua.vim.lsp.omnifunc: <C-x><C-o> completes from the server
    hover = "K",
    definition = "gd",
    code_action = "<leader>ca",
    format = "<leader>f",
  },
}

--- Buffer-local completion, hover, definition, quick fixes and formatting, as the README promises.
function M.set_keymaps(bufnr, keymaps)
  if not keymaps then return end
  local function map(lhs, rhs, desc)
    if lhs then vim.api.nvim_buf_set_keymap(bufnr, "n", lhs, "", { noremap = true, silent = true, callback = rhs, desc = desc }) end
  end
  if keymaps.omnifunc then vim.api.nvim_buf_set_option(bufnr, "omnifunc", "v:lua.vim.lsp.omnifunc") end
  map(keymaps.hover, function() vim.lsp.buf.hover() end, "trackspec: hover")
  map(keymaps.definition, function() vim.lsp.buf.definition() end, "trackspec: go to definition")
  map(keymaps.code_action, function() vim.lsp.buf.code_action() end, "trackspec: quick fixes")
  map(keymaps.format, function()
    if vim.lsp.buf.format then vim.lsp.buf.format({ name = "trackspec" }) else vim.lsp.buf.formatting() end
  end, "trackspec: format")
end

local clients = {} -- root → client id (0.7 path)

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

--- The nearest ancestor of `path` holding a root marker, else the file's folder.
function M.root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local current = dir
  while true do
    for _, marker in ipairs(markers) do
      if exists(current .. "/" .. marker) then return current end
    end
    local parent = vim.fn.fnamemodify(current, ":h")
    if parent == current then return dir end
    current = parent
  end
end

function M.config_for(bufnr, opts)
  local name = vim.api.nvim_buf_get_name(bufnr)
  return {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = M.root_dir(name ~= "" and name or vim.fn.getcwd() .. "/untitled.json", opts.root_markers),
    init_options = opts.settings,
    settings = { trackspec = opts.settings },
    on_attach = function(client, bufnr)
      M.set_keymaps(bufnr, opts.keymaps)
      if opts.on_attach then opts.on_attach(client, bufnr) end
    end,
    capabilities = opts.capabilities,
  }
end

--- Starts (or reuses) the client for the buffer's workspace and attaches the buffer.
function M.attach(bufnr, opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  local config = M.config_for(bufnr, opts)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

--- `require("trackspec").setup({ cmd = …, settings = … })`: attach to every buffer of the filetypes.
function M.setup(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  local group = vim.api.nvim_create_augroup("trackspec", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args) M.attach(args.buf, opts) end,
  })
  -- Buffers already open when setup runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr, opts)
    end
  end
end

return M

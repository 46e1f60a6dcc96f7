-- End-to-end test of `palisade lsp` in a real Neovim (0.11, headless). It opens a policy with
-- a misspelt field and checks, as an author would see them: the diagnostic (code and place),
-- hover, completion of the field, go to definition into the standard library, formatting of a
-- badly laid out line, and the diagnostic disappearing once the typo is fixed. It writes what
-- it saw to $E2E_OUT as JSON and exits non-zero on the first failure.

local results = {}

local function check(cond, what)
  if not cond then
    error("failed: " .. what, 2)
  end
  table.insert(results, what)
end

local function request(buf, method, params)
  local replies, err = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not replies then
    error(method .. ": " .. tostring(err))
  end
  for _, reply in pairs(replies) do
    if reply.error then
      error(method .. ": " .. vim.inspect(reply.error))
    end
    return reply.result
  end
end

local function position_of(buf, needle, shift)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    local col = line:find(needle, 1, true)
    if col then
      return { line = i - 1, character = col - 1 + (shift or 0) }
    end
  end
  error("not found: " .. needle)
end

local function main()
  local bin = assert(os.getenv("PALISADE_BIN"), "PALISADE_BIN is not set")
  local root = assert(os.getenv("E2E_ROOT"), "E2E_ROOT is not set")
  -- The configuration users copy, with the binary under test.
  dofile(assert(os.getenv("E2E_CONFIG"), "E2E_CONFIG is not set"))
  vim.lsp.config("palisade", { cmd = { bin, "lsp" } })
  vim.cmd("edit " .. root .. "/pods.pal")
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "palisade", "`.pal` files have the palisade filetype")
  check(vim.wait(10000, function() return #vim.lsp.get_clients({ bufnr = buf, name = "palisade" }) > 0 end, 20),
    "the server starts for the buffer")
  local client_id = vim.lsp.get_clients({ bufnr = buf, name = "palisade" })[1].id
  local root_dir = vim.lsp.get_client_by_id(client_id).config.root_dir
  check(root_dir == root, "the folder with palisade.toml is the root")

  local function diagnostics()
    return vim.diagnostic.get(buf)
  end
  check(vim.wait(20000, function() return #diagnostics() > 0 end, 20), "diagnostics arrive")
  local d = diagnostics()[1]
  local typo = position_of(buf, "privilegd")
  check(d.code == "E0301", "the diagnostic has code E0301 (got " .. tostring(d.code) .. ")")
  check(d.lnum == typo.line and d.col == typo.character, "the diagnostic is at the misspelt field")

  local doc = { uri = vim.uri_from_bufnr(buf) }
  local hover = request(buf, "textDocument/hover", { textDocument = doc, position = position_of(buf, "c in pod") })
  check(hover and hover.contents.value:find("c: Container", 1, true), "hover shows the loop variable's type")

  local items = request(buf, "textDocument/completion", { textDocument = doc, position = position_of(buf, "privilegd", 5) })
  local list = items.items or items
  check(list[1] and list[1].label == "privileged", "completion offers `privileged` first")

  local def = request(buf, "textDocument/definition", { textDocument = doc, position = position_of(buf, "Pod)", 1) })
  local target = def.uri or (def[1] and def[1].uri) or ""
  check(target:find("k8s/schema.pal", 1, true) ~= nil, "definition opens the standard library's Pod")

  -- Break the layout of the meta line, format, and compare with the file as it was.
  local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local meta = position_of(buf, "meta {").line
  vim.api.nvim_buf_set_lines(buf, meta, meta + 1, false, { "meta     {" })
  local edits = request(buf, "textDocument/formatting", { textDocument = doc, options = { tabSize = 2, insertSpaces = true } })
  vim.lsp.util.apply_text_edits(edits, buf, "utf-16")
  check(vim.deep_equal(vim.api.nvim_buf_get_lines(buf, 0, -1, false), before), "formatting restores the layout")

  -- Rename the loop variable: the binding and its three uses change.
  local rename = request(buf, "textDocument/rename", { textDocument = doc, position = position_of(buf, "c in pod"), newName = "container" })
  vim.lsp.util.apply_workspace_edit(rename, "utf-16")
  local renamed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  local _, uses = renamed:gsub("container%.", "")
  check(renamed:find("for container in pod", 1, true) and uses == 3, "rename changes the binding and its uses")

  -- Fix the typo: the diagnostic goes away.
  local at = position_of(buf, "privilegd")
  vim.api.nvim_buf_set_text(buf, at.line, at.character, at.line, at.character + 9, { "privileged" })
  check(vim.wait(20000, function() return #diagnostics() == 0 end, 20), "fixing the field clears the diagnostic")

  vim.lsp.stop_client(client_id)
end

local ok, err = xpcall(main, debug.traceback)
local out = os.getenv("E2E_OUT")
if out then
  local f = io.open(out, "w")
  if f then
    f:write(vim.json.encode({ ok = ok, checks = results, error = ok and vim.NIL or err }))
    f:close()
  end
end
if ok then
  vim.cmd("qall!")
else
  io.stderr:write(err .. "\n")
  vim.cmd("cquit 1")
end

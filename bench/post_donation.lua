-- wrk script: POST a donation with a reference no other request uses.
-- Each wrk thread has its own Lua state: setup (run in the main state) gives
-- each one its own prefix.
local counter = 0
local token = os.getenv("TOKEN")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("prefix", os.time() .. "-" .. threads)
end
function request()
  counter = counter + 1
  local body = string.format(
    '{"fund":"GENERAL","amount":"12.50","channel":"wechat_pay","date":"2026-11-20",' ..
    '"external_ref":"B%s-%d","memo":"bench"}', prefix, counter)
  return wrk.format("POST", "/api/v1/donations",
                    {["Content-Type"] = "application/json",
                     ["Authorization"] = "Bearer " .. token}, body)
end

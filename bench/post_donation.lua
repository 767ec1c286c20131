-- wrk script: POST a donation with a reference no other request uses.
local counter = 0
local token = os.getenv("TOKEN")
function setup(thread)
  thread:set("prefix", tostring(math.random(1, 1000000000)))
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

-- wrk script for the soak: a mix of what a team's service sees. Of every
-- ten requests: one donation recorded (unique reference), three GETs of the
-- fund list, three of an entry, two of the public summary, one of the
-- annual summary report. Each wrk thread has its own Lua state.
local counter = 0
local token = os.getenv("TOKEN")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("prefix", os.time() .. "-" .. threads)
end
local auth = {["Authorization"] = "Bearer " .. token}
function request()
  counter = counter + 1
  local k = counter % 10
  if k == 0 then
    local body = string.format(
      '{"fund":"GENERAL","amount":"3.00","channel":"wechat_pay","date":"2026-11-20",' ..
      '"external_ref":"S%s-%d","memo":"soak"}', prefix, counter)
    return wrk.format("POST", "/api/v1/donations",
                      {["Content-Type"] = "application/json",
                       ["Authorization"] = "Bearer " .. token}, body)
  elseif k <= 3 then
    return wrk.format("GET", "/api/v1/funds", auth)
  elseif k <= 6 then
    return wrk.format("GET", "/api/v1/entries/" .. (1 + counter % 1500), auth)
  elseif k <= 8 then
    return wrk.format("GET", "/api/v1/public/summary?from=2025-01-01&to=2025-12-31")
  else
    return wrk.format("GET", "/api/v1/reports/annual-summary?year=2026", auth)
  end
end

-- wrk script: GET the URL given to wrk with the bearer token FW_TOKEN (no token when unset).
local token = os.getenv("FW_TOKEN")
if token then wrk.headers["Authorization"] = "Bearer " .. token end

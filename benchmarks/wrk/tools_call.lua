-- wrk script: one MCP tools/call (in-memory fixture tool) per request, on an initialized session.
-- The session id comes from MCP_SESSION_ID, or from the file named by MCP_SESSION_FILE.
-- wrk counts replies that are not 2xx/3xx itself ("Non-2xx or 3xx responses"). With
-- MCP_CHECK_BODIES=1 each body is also searched for a JSON-RPC "error" or a tool error; that
-- hands every response to Lua, which costs the load generator about as much CPU as the gateway
-- spends on a call, so the benchmark scripts count failed calls from the gateway's /metrics
-- instead (mcpgw_tool_calls_total by outcome) and leave this off.

local function session_id()
    local id = os.getenv("MCP_SESSION_ID")
    if (id == nil or id == "") and os.getenv("MCP_SESSION_FILE") then
        local f = assert(io.open(os.getenv("MCP_SESSION_FILE")))
        id = f:read("*l")
        f:close()
    end
    return id or ""
end

wrk.method = "POST"
wrk.path = os.getenv("MCP_PATH") or "/mcp"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = session_id()
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
-- MCP_BODY overrides the JSON-RPC request (benchmarks/databases.sh: other tools, tools/list).
wrk.body = os.getenv("MCP_BODY") or ('{"jsonrpc":"2.0","id":1,"method":"tools/call",'
    .. '"params":{"name":"test_simple_text","arguments":{}}}')

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    bad_status = 0
    rpc_errors = 0
end

if os.getenv("MCP_CHECK_BODIES") == "1" then
    function response(status, headers, body)
        if status ~= 200 then
            bad_status = bad_status + 1
        elseif body and (string.find(body, '"error"', 1, true)
            or string.find(body, '"isError":true', 1, true)) then
            rpc_errors = rpc_errors + 1
        end
    end
end

function done(summary, latency, requests)
    local bad, errs = 0, 0
    for _, t in ipairs(threads) do
        bad = bad + t:get("bad_status")
        errs = errs + t:get("rpc_errors")
    end
    if response then
        io.write(string.format("mcp_check: requests=%d non200=%d jsonrpc_errors=%d\n",
            summary.requests, bad, errs))
    end
end

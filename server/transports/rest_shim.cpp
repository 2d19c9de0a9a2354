// REST smoke shim for curl and load-balancer checks: GET /tools/list, POST /tools/call
// {"name", "arguments"}. Plain JSON in and out, no session. The body is read as JSON
// whatever its Content-Type, so a bare `curl -d` works.
#include "http_helpers.hpp"
#include "sse_pump.hpp"
#include "transports.hpp"

#include <backends/core/log.hpp>
#include <backends/core/tool_result.hpp>
#include <server/gateway.hpp>

#include <boost/asio/co_spawn.hpp>

namespace mcpgw::server {

namespace asio = boost::asio;

namespace {

struct rest_call_state {
    std::shared_ptr<event_stream> done;  // finish() signals completion
    protocol::rpc_outcome outcome;
};

asio::awaitable<void> run_rest_call(
    gateway* gw,
    std::shared_ptr<mcp_session> session,
    protocol::request request,
    std::shared_ptr<rest_call_state> state,
    std::string request_id
) {
    std::shared_ptr<message_sink> sink = std::make_shared<null_sink>();
    call_thread thread;
    thread.request_id = std::move(request_id);
    state->outcome =
        co_await gw->mcp().dispatch(session, std::move(request), sink, std::move(thread));
    state->done->finish();
}

}  // namespace

asio::awaitable<void> serve_rest_list(gateway& gw, http_exchange& ex, std::string principal) {
    auto session = std::make_shared<mcp_session>();
    session->principal = std::move(principal);
    // A named request: GCC 12 destroys braced temporaries inside co_await twice.
    protocol::request request;
    request.id = 1;
    request.method = "tools/list";
    request.params = nlohmann::json::object();
    std::shared_ptr<message_sink> sink = std::make_shared<null_sink>();
    auto outcome = co_await gw.mcp().dispatch(session, std::move(request), sink);
    co_await ex.respond(http::status::ok, std::get<nlohmann::json>(outcome).dump());
}

asio::awaitable<void> serve_rest_call(gateway& gw, http_exchange& ex, std::string principal) {
    auto body = nlohmann::json::parse(ex.request().body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        co_return co_await ex.respond(
            http::status::bad_request,
            http_error_body("bad_request", "body must be a JSON object {\"name\", \"arguments\"}")
        );
    }
    auto name = body.find("name");
    if (name == body.end() || !name->is_string()) {
        co_return co_await ex.respond(
            http::status::bad_request,
            http_error_body("bad_request", "\"name\" must be a string")
        );
    }
    if (auto args = body.find("arguments");
        args != body.end() && !args->is_object() && !args->is_null()) {
        co_return co_await ex.respond(
            http::status::bad_request,
            http_error_body("bad_request", "\"arguments\" must be an object")
        );
    }
    if (gw.mcp().catalog().find_tool(name->get_ref<const std::string&>()) == nullptr) {
        co_return co_await ex.respond(
            http::status::not_found,
            http_error_body("unknown_tool", "no tool named " + name->get<std::string>())
        );
    }
    auto session = std::make_shared<mcp_session>();
    session->principal = std::move(principal);
    auto state = std::make_shared<rest_call_state>();
    state->done = std::make_shared<event_stream>(gw.executor(), "rest", 1);
    protocol::request request{1, "tools/call", std::move(body)};
    asio::co_spawn(
        gw.executor(),
        run_rest_call(&gw, session, std::move(request), state, ex.request_id()),
        log::log_exception{"REST call failed"}
    );
    while (!state->done->finished()) {
        if (co_await wait_stream_or_peer(ex, *state->done, std::chrono::hours(24))) {
            // The caller left: stop the work it asked for.
            service::cancel_all(*session);
            co_return;
        }
    }
    if (auto* err = std::get_if<protocol::rpc_error>(&state->outcome)) {
        co_return co_await ex.respond(
            http::status::bad_request,
            http_error_body("invalid_params", err->message)
        );
    }
    auto& result = std::get<nlohmann::json>(state->outcome);
    // Refused by the call chain before it ran (policy/call_chain.hpp): the HTTP answer a load
    // balancer and a retrying client understand.
    if (auto code = backends::error_code_of(result);
        code == backends::error_code::overloaded || code == backends::error_code::draining) {
        const auto* error = backends::error_of(result);
        co_return co_await respond_unavailable(ex, 1, code, error->value("message", ""));
    }
    // curl users read the error at the top level: {"content", "isError", "error": {code,
    // message, field?, retryable}} (the MCP result keeps it in _meta).
    if (const auto* error = backends::error_of(result)) {
        result["error"] = *error;
        result.erase("_meta");
    }
    co_await ex.respond(http::status::ok, result.dump());
}

}  // namespace mcpgw::server

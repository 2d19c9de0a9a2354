#include "service.hpp"

#include <backends/core/log.hpp>

#ifndef MCPGW_VERSION
#define MCPGW_VERSION "0.0.0"
#endif

namespace mcpgw::server {

using protocol::rpc_code;
using protocol::rpc_error;
using protocol::rpc_outcome;

service::service(std::shared_ptr<const backends::catalog> catalog, service_options options)
    : catalog_(std::move(catalog)), options_(std::move(options)) {}

service::service(
    std::shared_ptr<const backends::catalog> catalog,
    service_options options,
    backends::metrics_registry& metrics
)
    : catalog_(std::move(catalog)), options_(std::move(options)), metrics_(metrics, *catalog_) {}

boost::asio::awaitable<std::optional<std::string>> service::handle_request(
    std::shared_ptr<mcp_session> session,
    protocol::request request,
    std::shared_ptr<message_sink> sink,
    call_thread thread
) {
    json id = request.id;
    rpc_outcome outcome =
        co_await dispatch(session, std::move(request), std::move(sink), std::move(thread));
    if (auto* result = std::get_if<json>(&outcome)) {
        if (result->is_discarded()) {
            co_return std::nullopt;  // cancelled by the client: no response (MCP cancellation)
        }
        co_return protocol::encode_result(id, std::move(*result));
    }
    co_return protocol::encode_error(id, std::get<rpc_error>(outcome));
}

boost::asio::awaitable<rpc_outcome> service::dispatch(
    std::shared_ptr<mcp_session> session,
    protocol::request request,
    std::shared_ptr<message_sink> sink,
    call_thread thread
) {
    const std::string& m = request.method;
    const json& params = request.params;
    if (!params.is_null() && !params.is_object()) {
        co_return rpc_error::make(
            rpc_code::invalid_params,
            "Invalid params: params must be an object"
        );
    }
    if (m == "tools/call") {
        co_return co_await call_tool(
            std::move(session),
            request.id,
            params,
            std::move(sink),
            std::move(thread)
        );
    }
    if (m == "tools/list") {
        co_return list_tools(*session, params);
    }
    if (m == "initialize") {
        co_return initialize(*session, params);
    }
    if (m == "ping") {
        co_return json::object();
    }
    if (m == "resources/list") {
        co_return list_resources(params);
    }
    if (m == "resources/templates/list") {
        co_return list_resource_templates(params);
    }
    if (m == "resources/read") {
        co_return co_await read_resource(params);
    }
    if (m == "resources/subscribe") {
        co_return subscribe(*session, params, true);
    }
    if (m == "resources/unsubscribe") {
        co_return subscribe(*session, params, false);
    }
    if (m == "prompts/list") {
        co_return list_prompts(params);
    }
    if (m == "prompts/get") {
        co_return co_await get_prompt(params);
    }
    if (m == "completion/complete") {
        co_return complete(params);
    }
    if (m == "logging/setLevel") {
        co_return set_level(*session, params);
    }
    co_return rpc_error::make(rpc_code::method_not_found, "Method not found: " + m);
}

rpc_outcome service::initialize(mcp_session& session, const json& params) {
    if (!params.is_object()) {
        return rpc_error::make(rpc_code::invalid_params, "Invalid params: initialize needs params");
    }
    auto version = params.find("protocolVersion");
    if (version == params.end() || !version->is_string()) {
        return rpc_error::make(
            rpc_code::invalid_params,
            "Invalid params: protocolVersion must be a string"
        );
    }
    auto negotiated = protocol::negotiate(version->get_ref<const std::string&>());
    session.traits = *protocol::traits_for(negotiated);
    if (auto caps = params.find("capabilities"); caps != params.end() && caps->is_object()) {
        session.client_capabilities = *caps;
    }
    if (auto info = params.find("clientInfo"); info != params.end() && info->is_object()) {
        session.client_info = *info;
    }
    session.initialized = true;
    json capabilities{
        {"tools", {{"listChanged", false}}},
        {"resources", {{"subscribe", true}, {"listChanged", false}}},
        {"prompts", {{"listChanged", false}}},
        {"logging", json::object()},
        {"completions", json::object()},
    };
    json result{
        {"protocolVersion", negotiated},
        {"capabilities", std::move(capabilities)},
        {"serverInfo", {{"name", "mcpgw"}, {"version", MCPGW_VERSION}}},
    };
    if (!options_.instructions.empty()) {
        result["instructions"] = options_.instructions;
    }
    log::info(
        "session initialized",
        {{"session", session.id},
         {"principal", session.principal},
         {"protocol_version", negotiated},
         {"client", session.client_info.value("name", "")}}
    );
    return result;
}

void service::handle_notification(mcp_session& session, const protocol::request& notification) {
    if (notification.method == "notifications/initialized") {
        session.initialized = true;
        return;
    }
    if (notification.method == "notifications/cancelled") {
        const json& p = notification.params;
        if (!p.is_object() || !p.contains("requestId")) {
            return;
        }
        auto it = session.running.find(p["requestId"].dump());
        if (it != session.running.end()) {
            it->second->cancelled_by_client = true;
            it->second->cancel();
        }
        return;
    }
    // Other notifications (roots/list_changed, progress for our requests) need no action.
}

void service::handle_response(mcp_session& session, protocol::response response) {
    if (!response.id.is_number_integer()) {
        return;  // not one of ours: our ids are integers
    }
    auto it = session.pending.find(response.id.get<std::int64_t>());
    if (it == session.pending.end()) {
        log::debug(
            "response to an unknown request",
            {{"session", session.id}, {"id", response.id}}
        );
        return;
    }
    if (response.result) {
        it->second->reply = std::move(*response.result);
    } else {
        it->second->reply = backends::client_error{response.error->code, response.error->message};
    }
    it->second->signal.cancel();
}

void service::cancel_all(mcp_session& session) {
    for (auto& [key, call] : session.running) {
        call->cancel();
    }
    for (auto& [id, waiter] : session.pending) {
        waiter->signal.cancel();
    }
}

}  // namespace mcpgw::server

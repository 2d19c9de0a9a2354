#include "service.hpp"

#include <backends/core/log.hpp>
#include <backends/core/tool_result.hpp>

#ifndef MCPGW_VERSION
#define MCPGW_VERSION "0.0.0"
#endif

namespace mcpgw::server {

using protocol::rpc_code;
using protocol::rpc_error;
using protocol::rpc_outcome;

service::service(std::shared_ptr<const backends::catalog> catalog, service_options options)
    : catalog_(std::move(catalog)),
      options_(std::move(options)),
      policies_(policy::make_call_chain({options_.max_inflight_calls})) {}

service::service(
    std::shared_ptr<const backends::catalog> catalog,
    service_options options,
    backends::metrics_registry& metrics
)
    : catalog_(std::move(catalog)),
      options_(std::move(options)),
      policies_(policy::make_call_chain({options_.max_inflight_calls})),
      metrics_(metrics, *catalog_),
      rpc_metrics_(metrics) {}

incoming service::accept(mcp_session& session, protocol::decoded_body body) {
    incoming in;
    in.batch = body.is_batch;
    for (auto& m : body.messages) {
        if (auto* r = std::get_if<protocol::request>(&m)) {
            if (r->is_notification()) {
                handle_notification(session, *r);
            } else {
                in.requests.push_back(std::move(*r));
            }
        } else if (auto* resp = std::get_if<protocol::response>(&m)) {
            handle_response(session, std::move(*resp));
        } else {
            auto& bad = std::get<protocol::invalid_message>(m);
            in.errors.push_back(protocol::encode_error(bad.id, bad.error));
        }
    }
    return in;
}

boost::asio::awaitable<void> service::run(
    std::shared_ptr<mcp_session> session,
    std::vector<protocol::request> requests,
    std::shared_ptr<message_sink> sink,
    call_thread thread,
    std::function<void(std::string)> on_answer
) {
    if (requests.size() != 1) {
        thread.signal = nullptr;  // the transport's signal belongs to one request only
        thread.signal_owner.reset();
    }
    for (auto& r : requests) {
        auto response = co_await handle_request(session, std::move(r), sink, thread);
        if (response) {
            on_answer(std::move(*response));
        }
    }
}

boost::asio::awaitable<std::optional<std::string>> service::handle_body(
    std::shared_ptr<mcp_session> session,
    protocol::decoded_body body,
    std::shared_ptr<message_sink> sink,
    call_thread thread
) {
    auto in = accept(*session, std::move(body));
    std::vector<std::string> answers = std::move(in.errors);
    std::function<void(std::string)> collect = [&answers](std::string a) {
        answers.push_back(std::move(a));
    };
    co_await run(
        std::move(session),
        std::move(in.requests),
        std::move(sink),
        std::move(thread),
        collect
    );
    if (answers.empty()) {
        co_return std::nullopt;
    }
    if (!in.batch) {
        co_return std::move(answers.front());
    }
    co_return protocol::encode_batch(answers);
}

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

namespace {

/// params[key] when it is a string, else "" (the call chain's target; checked later).
std::string string_param(const json& params, const char* key) {
    if (!params.is_object()) {
        return {};
    }
    auto it = params.find(key);
    return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

boost::asio::awaitable<rpc_outcome> service::dispatch(
    std::shared_ptr<mcp_session> session,
    protocol::request request,
    std::shared_ptr<message_sink> sink,
    call_thread thread
) {
    const std::string& m = request.method;
    const json& params = request.params;
    // One result variable rather than a co_return per method, so the count below sees all.
    rpc_outcome out;
    if (!params.is_null() && !params.is_object()) {
        out = rpc_error::make(rpc_code::invalid_params, "Invalid params: params must be an object");
    } else if (m == "tools/call") {
        out = co_await call_tool(
            std::move(session),
            request.id,
            params,
            std::move(sink),
            std::move(thread)
        );
    } else if (m == "tools/list") {
        out = list_tools(*session, params);
    } else if (m == "initialize") {
        out = initialize(*session, params);
    } else if (m == "ping") {
        out = json::object();
    } else if (m == "resources/list") {
        out = list_resources(params);
    } else if (m == "resources/templates/list") {
        out = list_resource_templates(params);
    } else if (m == "resources/read" || m == "prompts/get") {
        // The call stage of the policy chain: these run backend work like a tool call.
        const bool read = m == "resources/read";
        auto pass = policies_.chain.enter(policy::call_request{
            m,
            session->principal,
            session->id,
            thread.request_id,
            {},
            {},
            string_param(params, read ? "uri" : "name")});
        if (const auto* refusal = pass.refusal()) {
            out = rpc_error::make(
                rpc_code::server_error,
                refusal->message,
                json{{"code", refusal->code}, {"retryable", refusal->retryable}}
            );
        } else {
            if (read) {
                out = co_await read_resource(params);
            } else {
                out = co_await get_prompt(params);
            }
            pass.set_outcome(
                std::holds_alternative<json>(out) ? "" : backends::error_code::backend_error
            );
        }
    } else if (m == "resources/subscribe") {
        out = subscribe(*session, params, true);
    } else if (m == "resources/unsubscribe") {
        out = subscribe(*session, params, false);
    } else if (m == "prompts/list") {
        out = list_prompts(params);
    } else if (m == "completion/complete") {
        out = complete(params);
    } else if (m == "logging/setLevel") {
        out = set_level(*session, params);
    } else {
        out = rpc_error::make(rpc_code::method_not_found, "Method not found: " + m);
    }
    rpc_metrics_.record_request(m, out);
    co_return std::move(out);  // a result can be large: never copied
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
    rpc_metrics_.record_notification(notification.method);
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

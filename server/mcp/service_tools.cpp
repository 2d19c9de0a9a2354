// tools/list and tools/call: argument validation, deadline, cancellation, result shaping.
#include "call_context_impl.hpp"
#include "era_adapter.hpp"
#include "pagination.hpp"
#include "service.hpp"

#include <backends/core/log.hpp>
#include <backends/core/tool_result.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcpgw::server {

namespace asio = boost::asio;
using protocol::rpc_code;
using protocol::rpc_error;
using protocol::rpc_outcome;

namespace {

/// Runs the tool and turns every exception into a result: cancellation becomes a
/// `cancelled` result, anything else an `internal` one (logged, detail not shown).
asio::awaitable<json> invoke_nothrow(
    std::shared_ptr<const backends::tool> tool,
    std::shared_ptr<call_context_impl> ctx,
    json args
) {
    try {
        co_return co_await tool->invoke(*ctx, std::move(args));
    } catch (const boost::system::system_error& e) {
        if (e.code() == asio::error::operation_aborted) {
            co_return backends::error_result(
                backends::error_code::cancelled,
                "the call was cancelled"
            );
        }
        log::error("tool failed", {{"tool", tool->name()}, {"error", e.what()}});
    } catch (const std::exception& e) {
        log::error("tool failed", {{"tool", tool->name()}, {"error", e.what()}});
    }
    co_return backends::error_result(
        backends::error_code::internal,
        "internal error in tool " + tool->name()
    );
}

/// The call under its deadline: a timer emits the call's own cancellation when the budget
/// runs out, so the tool stops touching its connection before this returns.
asio::awaitable<json> run_with_deadline(
    std::shared_ptr<const backends::tool> tool,
    std::shared_ptr<call_context_impl> ctx,
    json args,
    std::chrono::milliseconds budget,
    std::shared_ptr<running_call> call
) {
    co_await asio::this_coro::throw_if_cancelled(false);
    asio::steady_timer timer(co_await asio::this_coro::executor, ctx->deadline());
    timer.async_wait([call](boost::system::error_code ec) {
        if (!ec) {
            call->timed_out = true;
            call->cancel();
        }
    });
    json result = co_await invoke_nothrow(tool, ctx, std::move(args));
    timer.cancel();
    if (call->timed_out) {
        co_return backends::error_result(
            backends::error_code::timeout,
            "the call exceeded its time budget of " + std::to_string(budget.count()) + " ms",
            std::nullopt,
            true
        );
    }
    co_return result;
}

/// One line per call that did not succeed (info; warn when the upstream or the gateway
/// failed), and the debug `tool call` line for every call. Never the arguments or the
/// client-facing message of refusals and backend errors: they may quote the statement,
/// which may hold what its author would not want in a log.
void log_call(
    const std::string& request_id,
    const mcp_session& session,
    const std::string& tool,
    std::string_view server,
    const json& result,
    double elapsed_ms
) {
    const json* error = backends::error_of(result);
    std::string code = error == nullptr ? "ok" : error->value("code", "internal");
    if (log::enabled(log::level::debug)) {
        log::debug(
            "tool call",
            {{"request_id", request_id},
             {"session", session.id},
             {"principal", session.principal},
             {"tool", tool},
             {"server", server},
             {"outcome", code},
             {"elapsed_ms", elapsed_ms}}
        );
    }
    if (error == nullptr || code == backends::error_code::cancelled) {
        return;
    }
    json fields{
        {"request_id", request_id},
        {"session", session.id},
        {"principal", session.principal},
        {"tool", tool},
        {"server", server},
        {"outcome", code},
        {"elapsed_ms", elapsed_ms}};
    if (auto f = error->find("field"); f != error->end()) {
        fields["field"] = *f;
    }
    // Messages the gateway wrote itself about the upstream or its own bounds say nothing of
    // the arguments: those help the operator and are kept.
    const bool upstream =
        code == backends::error_code::timeout || code == backends::error_code::unavailable ||
        code == backends::error_code::pool_timeout || code == backends::error_code::internal;
    if (upstream) {
        fields["message"] = error->value("message", "");
    }
    if (upstream || code == backends::error_code::backend_error) {
        log::warn("tool call failed", fields);
    } else {
        log::info("tool call refused", fields);
    }
}

void log_refused_arguments(
    const std::string& request_id,
    const mcp_session& session,
    const std::string& tool,
    std::string_view server,
    const std::string& field
) {
    log::info(
        "tool call refused",
        {{"request_id", request_id},
         {"session", session.id},
         {"principal", session.principal},
         {"tool", tool},
         {"server", server},
         {"outcome", backends::error_code::invalid_argument},
         {"field", field}}
    );
}

}  // namespace

rpc_outcome service::list_tools(const mcp_session& session, const json& params) const {
    const auto& tools = catalog_->tools();
    auto p = paginate(params, tools.size(), options_.page_size);
    if (auto* e = std::get_if<rpc_error>(&p)) {
        return *e;
    }
    const auto& pg = std::get<page>(p);
    json list = json::array();
    for (std::size_t i = pg.begin; i < pg.end; ++i) {
        list.push_back(adapt_tool_definition(session.traits, tools[i].impl->definition()));
    }
    json result{{"tools", std::move(list)}};
    if (pg.next_cursor) {
        result["nextCursor"] = *pg.next_cursor;
    }
    return result;
}

asio::awaitable<rpc_outcome> service::call_tool(
    std::shared_ptr<mcp_session> session,
    json id,
    json params,
    std::shared_ptr<message_sink> sink,
    call_thread thread
) {
    if (!params.is_object()) {
        co_return rpc_error::make(
            rpc_code::invalid_params,
            "Invalid params: tools/call needs params"
        );
    }
    auto name = params.find("name");
    if (name == params.end() || !name->is_string()) {
        co_return rpc_error::make(
            rpc_code::invalid_params,
            "Invalid params: name must be a string"
        );
    }
    const auto* entry = catalog_->find_tool(name->get_ref<const std::string&>());
    if (entry == nullptr) {
        co_return rpc_error::make(
            rpc_code::invalid_params,
            "Unknown tool: " + name->get<std::string>(),
            json{{"name", *name}}
        );
    }
    json args = json::object();
    if (auto a = params.find("arguments"); a != params.end() && !a->is_null()) {
        if (!a->is_object()) {
            co_return rpc_error::make(
                rpc_code::invalid_params,
                "Invalid params: arguments must be an object"
            );
        }
        args = std::move(*a);
    }
    const auto tool_index = static_cast<std::size_t>(entry - catalog_->tools().data());
    const auto server_slot = metrics_.server_slot(tool_index, args);
    const std::string_view server = metrics_.server_name(tool_index, server_slot);
    // The call stage of the policy chain, before anything about the call is answered.
    auto pass = policies_.chain.enter(policy::call_request{
        "tools/call",
        session->principal,
        session->id,
        thread.request_id,
        entry->impl->name(),
        std::string(server),
        {}});
    if (const auto* refusal = pass.refusal()) {
        json result = backends::error_result(
            refusal->code,
            refusal->message,
            std::nullopt,
            refusal->retryable
        );
        metrics_.record(tool_index, server_slot, result, 0.0);
        adapt_call_result(session->traits, result);
        co_return result;
    }
    if (auto violation = entry->input_validator.validate(args)) {
        metrics_.record_rejected(tool_index, server_slot);
        log_refused_arguments(
            thread.request_id,
            *session,
            entry->impl->name(),
            server,
            violation->field()
        );
        std::string field = violation->field();
        std::string where =
            violation->instance_path.empty() ? "arguments" : "argument '" + field + "'";
        json result = backends::error_result(
            backends::error_code::invalid_argument,
            "Invalid arguments: " + where + ": " + violation->message,
            field.empty() ? std::nullopt : std::optional<std::string>(field)
        );
        adapt_call_result(session->traits, result);
        pass.set_outcome(backends::error_code::invalid_argument);
        co_return result;
    }

    json progress_token;
    if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
        progress_token = meta->value("progressToken", json());
    }
    auto budget = entry->impl->timeout(args);
    if (budget <= std::chrono::milliseconds::zero()) {
        budget = options_.default_call_timeout;
    }
    auto ctx = std::make_shared<call_context_impl>(
        session,
        std::move(sink),
        std::chrono::steady_clock::now() + budget,
        std::move(progress_token)
    );
    auto call = std::make_shared<running_call>();
    std::string key = id.dump();
    session->running[key] = call;

    auto started = std::chrono::steady_clock::now();
    json result;
    if (thread.signal != nullptr) {
        call->signal = thread.signal;
        call->signal_owner = std::move(thread.signal_owner);
        result = co_await run_with_deadline(entry->impl, ctx, std::move(args), budget, call);
    } else {
        result = co_await asio::co_spawn(
            co_await asio::this_coro::executor,
            run_with_deadline(entry->impl, ctx, std::move(args), budget, call),
            asio::bind_cancellation_slot(call->own_signal.slot(), asio::use_awaitable)
        );
    }
    session->running.erase(key);
    auto elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    pass.set_outcome(backends::error_code_of(result));
    metrics_.record(tool_index, server_slot, result, elapsed.count() / 1000.0);
    log_call(thread.request_id, *session, entry->impl->name(), server, result, elapsed.count());
    if (call->cancelled_by_client) {
        co_return json(json::value_t::discarded);
    }
    adapt_call_result(session->traits, result);
    co_return result;
}

}  // namespace mcpgw::server

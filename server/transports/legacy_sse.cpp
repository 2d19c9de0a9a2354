// Legacy HTTP+SSE (protocol 2024-11-05): GET /sse opens the session's only stream and
// announces where to POST; POST /messages?sessionId= answers 202 and the replies travel
// as `message` events on that stream. The session ends with its stream.
#include "http_helpers.hpp"
#include "sse_pump.hpp"
#include "stream_sink.hpp"
#include "transports.hpp"

#include <backends/core/log.hpp>
#include <server/gateway.hpp>

#include <boost/asio/co_spawn.hpp>

namespace mcpgw::server {

namespace asio = boost::asio;

namespace {

/// The answer (one response, or an array for a batch) travels as one `message` event.
asio::awaitable<void> run_legacy_body(
    gateway* gw,
    std::shared_ptr<http_session> session,
    protocol::decoded_body body,
    std::string request_id
) {
    auto sink = std::make_shared<stream_sink>(session->standalone, "message", true);
    gw->sessions().enter(*session);
    call_thread thread;
    thread.request_id = std::move(request_id);
    auto answer =
        co_await gw->mcp().handle_body(session->mcp, std::move(body), sink, std::move(thread));
    if (answer) {
        session->standalone->push(std::move(*answer), "message");
    }
    gw->sessions().leave(*session);
}

}  // namespace

asio::awaitable<void> serve_legacy_sse(gateway& gw, http_exchange& ex, std::string principal) {
    if (gw.draining()) {
        co_return co_await ex.respond(
            http::status::service_unavailable,
            http_error_body("draining", "the gateway is shutting down")
        );
    }
    auto created = gw.sessions().create(session_principal_key(ex, principal));
    if (!created.session) {
        co_return co_await respond_sessions_full(ex, created.refused);
    }
    auto session = std::move(created.session);
    session->legacy = true;
    session->mcp->principal = principal;
    session->mcp->traits = *protocol::traits_for("2024-11-05");
    session->standalone = std::make_shared<event_stream>(
        gw.executor(),
        session->new_stream_id(),
        gw.config().sessions.replay_events
    );
    auto& stream = *session->standalone;
    stream.attach(0);
    stream.push("/messages?sessionId=" + session->mcp->id, "endpoint");
    gw.sessions().enter(*session);
    if (co_await ex.start_stream()) {
        (void)co_await pump_stream(ex, stream, gw.config().sessions.heartbeat);
    }
    stream.release();
    gw.sessions().leave(*session);
    gw.sessions().erase(session->mcp->id);
    log::info("legacy session closed", {{"session", session->mcp->id}});
}

asio::awaitable<void> serve_legacy_messages(gateway& gw, http_exchange& ex, std::string principal) {
    std::string id = ex.query_param("sessionId");
    auto session = id.empty() ? nullptr : gw.sessions().find(id);
    if (!session || !session->legacy) {
        co_return co_await ex.respond(
            http::status::not_found,
            http_error_body("not_found", "unknown sessionId")
        );
    }
    if (session->mcp->principal != principal) {
        co_return co_await ex.respond(
            http::status::forbidden,
            http_error_body("forbidden", "session belongs to another principal")
        );
    }
    if (!is_json_content_type(header(ex.request(), "Content-Type"))) {
        co_return co_await ex.respond(
            http::status::unsupported_media_type,
            http_error_body("unsupported_media_type", "Content-Type must be application/json")
        );
    }
    auto decoded = protocol::decode(ex.request().body());
    if (auto* err = std::get_if<protocol::rpc_error>(&decoded)) {
        co_return co_await respond_rpc_error(ex, http::status::bad_request, *err);
    }
    auto& body = std::get<protocol::decoded_body>(decoded);
    if (body.is_batch && !session->mcp->traits.batches_allowed) {
        co_return co_await respond_rpc_error(
            ex,
            http::status::bad_request,
            protocol::rpc_error::make(
                protocol::rpc_code::invalid_request,
                "Invalid Request: batches are not supported in protocol version " +
                    std::string(session->mcp->traits.version)
            )
        );
    }
    asio::co_spawn(
        gw.executor(),
        run_legacy_body(&gw, session, std::move(body), ex.request_id()),
        log::log_exception{"legacy message handling failed"}
    );
    co_await ex.respond(http::status::accepted, "Accepted", "text/plain");
}

}  // namespace mcpgw::server

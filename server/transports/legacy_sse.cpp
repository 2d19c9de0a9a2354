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

asio::awaitable<void> run_legacy_messages(
    gateway* gw,
    std::shared_ptr<http_session> session,
    std::vector<protocol::message> messages
) {
    auto sink = std::make_shared<stream_sink>(session->standalone, "message", true);
    ++session->busy;
    for (auto& m : messages) {
        if (auto* r = std::get_if<protocol::request>(&m)) {
            if (r->is_notification()) {
                gw->mcp().handle_notification(*session->mcp, *r);
                continue;
            }
            auto response = co_await gw->mcp().handle_request(session->mcp, std::move(*r), sink);
            if (response) {
                session->standalone->push(std::move(*response), "message");
            }
        } else if (auto* resp = std::get_if<protocol::response>(&m)) {
            gw->mcp().handle_response(*session->mcp, std::move(*resp));
        } else {
            auto& bad = std::get<protocol::invalid_message>(m);
            session->standalone->push(protocol::encode_error(bad.id, bad.error), "message");
        }
    }
    --session->busy;
}

}  // namespace

asio::awaitable<void> serve_legacy_sse(gateway& gw, http_exchange& ex, std::string principal) {
    if (gw.draining()) {
        co_return co_await ex.respond(
            http::status::service_unavailable,
            http_error_body("draining", "the gateway is shutting down")
        );
    }
    auto session = gw.sessions().create();
    if (!session) {
        co_return co_await respond_sessions_full(ex);
    }
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
    ++session->busy;
    if (co_await ex.start_stream()) {
        (void)co_await pump_stream(ex, stream, gw.config().sessions.heartbeat);
    }
    stream.release();
    --session->busy;
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
    if (body.is_batch) {
        co_return co_await respond_rpc_error(
            ex,
            http::status::bad_request,
            protocol::rpc_error::make(
                protocol::rpc_code::invalid_request,
                "Invalid Request: batches are not supported on /messages"
            )
        );
    }
    asio::co_spawn(
        gw.executor(),
        run_legacy_messages(&gw, session, std::move(body.messages)),
        log::log_exception{"legacy message handling failed"}
    );
    co_await ex.respond(http::status::accepted, "Accepted", "text/plain");
}

}  // namespace mcpgw::server

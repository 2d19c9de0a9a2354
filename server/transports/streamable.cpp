// Streamable HTTP: one endpoint, POST (JSON or SSE reply), GET (session stream or
// resumption with Last-Event-ID), DELETE (end the session).
#include "http_helpers.hpp"
#include "sse_pump.hpp"
#include "stream_sink.hpp"
#include "transports.hpp"

#include <backends/core/log.hpp>
#include <protocol/sse.hpp>
#include <server/gateway.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace mcpgw::server {

namespace asio = boost::asio;
using protocol::rpc_code;
using protocol::rpc_error;

namespace {

constexpr std::string_view session_header = "Mcp-Session-Id";
constexpr std::string_view version_header = "MCP-Protocol-Version";

/// Everything a POST reply needs after the calls were started.
struct post_reply {
    std::shared_ptr<event_stream> stream;
    // A POST of one request runs it in the thread spawned for the POST, cancelled through this.
    asio::cancellation_signal call_signal;
    std::vector<std::string> responses;
    std::vector<std::string> request_keys;  // for cancelling on disconnect
    bool done = false;
    bool batch = false;
};

/// Runs the POST's requests in order; each response is also an event of the POST stream.
asio::awaitable<void> run_requests(
    gateway* gw,
    std::shared_ptr<http_session> session,
    std::vector<protocol::request> requests,
    std::shared_ptr<message_sink> sink,
    std::shared_ptr<post_reply> reply,
    std::string request_id
) {
    gw->sessions().enter(*session);
    call_thread thread;
    thread.request_id = std::move(request_id);
    thread.signal = &reply->call_signal;  // run_requests was spawned with its slot bound
    thread.signal_owner = reply;
    std::function<void(std::string)> answer = [reply](std::string response) {
        reply->stream->push(response);
        reply->responses.push_back(std::move(response));
    };
    co_await gw->mcp().run(session->mcp, std::move(requests), sink, thread, answer);
    gw->sessions().leave(*session);
    reply->done = true;
    reply->stream->finish();
}

http::fields session_fields(const http_session& s) {
    http::fields f;
    f.set(boost::beast::string_view(session_header.data(), session_header.size()), s.mcp->id);
    return f;
}

/// Answers a POST whose requests run in the background: JSON when they finish before
/// sending anything else, otherwise an SSE stream (resumable via Last-Event-ID).
asio::awaitable<void> answer_post(
    gateway& gw,
    http_exchange& ex,
    std::shared_ptr<http_session> session,
    std::shared_ptr<post_reply> reply,
    bool sse_ok
) {
    auto& stream = *reply->stream;
    auto heartbeat = gw.config().sessions.heartbeat;
    // Most calls finish within microseconds: give them a few turns of the event loop (a post
    // costs no system call) before arming a timer and watching the socket.
    for (int turn = 0;
         turn < 4 && !reply->done && !stream.has_pending() && !stream.detach_requested();
         ++turn) {
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    }
    if (!reply->done && !stream.has_pending() && !stream.detach_requested()) {
        auto& timer = stream.wake_timer();
        timer.expires_after(std::chrono::milliseconds(50));
        (void)co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        timer.expires_at(asio::steady_timer::time_point::max());
    }
    while (true) {
        const auto seen = stream.changes();
        bool json_possible = reply->done && stream.event_count() == reply->responses.size();
        if (json_possible) {
            if (reply->responses.empty()) {
                co_return co_await ex.respond(http::status::accepted, "");
            }
            http_response res{http::status::ok, ex.request().version()};
            res.set(http::field::content_type, "application/json");
            res.set(
                boost::beast::string_view(session_header.data(), session_header.size()),
                session->mcp->id
            );
            res.body() =
                reply->batch ? protocol::encode_batch(reply->responses) : reply->responses.front();
            co_return co_await ex.respond(std::move(res));
        }
        if (sse_ok &&
            (stream.event_count() > reply->responses.size() || stream.detach_requested())) {
            break;  // something other than a response came first, or a close: stream it
        }
        if (stream.finished()) {
            // The session ended (DELETE, expiry, shutdown) while its calls ran.
            co_return co_await respond_rpc_error(
                ex,
                http::status::not_found,
                rpc_error::make(
                    rpc_code::invalid_request,
                    "Session ended while the request was running"
                )
            );
        }
        // Waits for a change since `seen` (a response, a notification, the end): the events
        // stay pending here until a writer takes them, so waiting for has_pending() would
        // return at once forever and starve the calls it waits for (a batch froze that way).
        if (co_await wait_change_or_peer(ex, stream, seen, std::chrono::hours(24))) {
            // The client left before any byte of the answer: cancel its calls.
            for (const auto& key : reply->request_keys) {
                if (auto it = session->mcp->running.find(key); it != session->mcp->running.end()) {
                    it->second->cancel();
                }
            }
            co_return;
        }
    }
    gw.sessions().keep_stream(*session, reply->stream);
    bool close_now = stream.detach_requested();  // the call asked to end the stream (SEP-1699)
    stream.attach(0);
    gw.sessions().enter(*session);
    if (co_await ex.start_stream(session_fields(*session))) {
        if (session->mcp->traits.sse_priming_event) {
            (void)co_await ex.write_chunk(
                protocol::sse::priming(stream.priming_id(), gw.config().sessions.sse_retry_ms)
            );
        }
        if (close_now) {
            // Events so far are delivered; the rest waits for a GET with Last-Event-ID.
            (void)co_await ex.write_chunk(stream.take_pending());
            co_await ex.end_stream();
        } else {
            // A disconnect here does not cancel: the client may resume with Last-Event-ID.
            (void)co_await pump_stream(ex, stream, heartbeat);
        }
    }
    stream.release();
    gw.sessions().leave(*session);
}

asio::awaitable<void> handle_post(gateway& gw, http_exchange& ex, std::string principal) {
    const auto& req = ex.request();
    if (!is_json_content_type(field_value(req, http::field::content_type))) {
        co_return co_await ex.respond(
            http::status::unsupported_media_type,
            http_error_body("unsupported_media_type", "Content-Type must be application/json")
        );
    }
    auto accept = field_value(req, http::field::accept);
    bool sse_ok = accepts(accept, "text/event-stream");
    auto decoded = protocol::decode(req.body());
    if (auto* err = std::get_if<rpc_error>(&decoded)) {
        co_return co_await respond_rpc_error(ex, http::status::bad_request, *err);
    }
    auto& body = std::get<protocol::decoded_body>(decoded);

    // initialize opens a session; it must travel alone.
    bool has_initialize = false;
    for (const auto& m : body.messages) {
        if (const auto* r = std::get_if<protocol::request>(&m); r && r->method == "initialize") {
            has_initialize = true;
        }
    }
    std::shared_ptr<http_session> session;
    if (has_initialize) {
        if (body.is_batch) {
            co_return co_await respond_rpc_error(
                ex,
                http::status::bad_request,
                rpc_error::make(
                    rpc_code::invalid_request,
                    "Invalid Request: initialize must not be part of a batch"
                )
            );
        }
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
        session = std::move(created.session);
        session->mcp->principal = principal;
    } else {
        std::string id(header(req, session_header));
        if (id.empty()) {
            co_return co_await respond_rpc_error(
                ex,
                http::status::bad_request,
                rpc_error::make(
                    rpc_code::invalid_request,
                    "Bad Request: Mcp-Session-Id header is required"
                )
            );
        }
        // A body of notifications only (notifications/initialized) is not use: a session that
        // only ever did initialize expires after sessions.unused_ttl.
        bool use = std::any_of(body.messages.begin(), body.messages.end(), [](const auto& m) {
            const auto* r = std::get_if<protocol::request>(&m);
            return r == nullptr || !r->is_notification();
        });
        session = gw.sessions().find(id, use);
        if (!session || session->legacy) {
            co_return co_await respond_rpc_error(
                ex,
                http::status::not_found,
                rpc_error::make(
                    rpc_code::invalid_request,
                    "Session not found: initialize a new session"
                )
            );
        }
        if (session->mcp->principal != principal) {
            co_return co_await ex.respond(
                http::status::forbidden,
                http_error_body("forbidden", "session belongs to another principal")
            );
        }
        auto version = header(req, version_header);
        if (!version.empty() && !protocol::traits_for(version)) {
            co_return co_await respond_rpc_error(
                ex,
                http::status::bad_request,
                rpc_error::make(
                    rpc_code::invalid_request,
                    "Bad Request: unsupported MCP-Protocol-Version: " + std::string(version)
                )
            );
        }
        if (body.is_batch && !session->mcp->traits.batches_allowed) {
            co_return co_await respond_rpc_error(
                ex,
                http::status::bad_request,
                rpc_error::make(
                    rpc_code::invalid_request,
                    "Invalid Request: batches are not supported in protocol version " +
                        std::string(session->mcp->traits.version)
                )
            );
        }
    }

    auto reply = std::make_shared<post_reply>();
    reply->batch = body.is_batch;
    auto in = gw.mcp().accept(*session->mcp, std::move(body));
    auto& requests = in.requests;
    auto& errors = in.errors;
    for (const auto& r : requests) {
        reply->request_keys.push_back(r.id.dump());
    }
    if (requests.empty()) {
        if (errors.empty()) {
            co_return co_await ex.respond(http::status::accepted, "");
        }
        // Named first: GCC 12 destroys a conditional's temporary inside co_await twice.
        std::string answer = in.batch ? protocol::encode_batch(errors) : errors.front();
        co_return co_await ex.respond(http::status::bad_request, std::move(answer));
    }
    // Fast path: a single request that cannot emit anything before its result.
    if (!in.batch && errors.empty() && requests.front().method != "tools/call") {
        std::shared_ptr<message_sink> no_sink = std::make_shared<null_sink>();
        auto response =
            co_await gw.mcp().handle_request(session->mcp, std::move(requests.front()), no_sink);
        http_response res{http::status::ok, req.version()};
        res.set(http::field::content_type, "application/json");
        res.set(
            boost::beast::string_view(session_header.data(), session_header.size()),
            session->mcp->id
        );
        res.body() = response.value_or("");
        if (!response) {
            res.result(http::status::accepted);
        }
        co_return co_await ex.respond(std::move(res));
    }

    auto& s = *session;
    reply->stream = std::make_shared<event_stream>(
        gw.executor(),
        s.new_stream_id(),
        gw.config().sessions.replay_events
    );
    for (auto& e : errors) {
        reply->responses.push_back(e);
        reply->stream->push(std::move(e));
    }
    std::shared_ptr<message_sink> sink;
    if (sse_ok) {
        sink = std::make_shared<stream_sink>(reply->stream, "", true);
    } else {
        sink = std::make_shared<null_sink>();  // a JSON-only client cannot receive notifications
    }
    asio::co_spawn(
        gw.executor(),
        run_requests(&gw, session, std::move(requests), sink, reply, ex.request_id()),
        asio::bind_cancellation_slot(
            reply->call_signal.slot(),
            log::log_exception{"request handling failed"}
        )
    );
    co_await answer_post(gw, ex, session, reply, sse_ok);
}

/// The caller's Streamable HTTP session named by Mcp-Session-Id (GET, DELETE), or nullptr
/// after answering 400 (no header), 404 (unknown or expired) or 403 (another principal's).
asio::awaitable<std::shared_ptr<http_session>>
caller_session(gateway& gw, http_exchange& ex, std::string principal) {
    std::string id(header(ex.request(), session_header));
    if (id.empty()) {
        co_await ex.respond(
            http::status::bad_request,
            http_error_body("bad_request", "Mcp-Session-Id header is required")
        );
        co_return nullptr;
    }
    auto session = gw.sessions().find(id);
    if (!session || session->legacy) {
        co_await ex.respond(
            http::status::not_found,
            http_error_body("not_found", "session not found")
        );
        co_return nullptr;
    }
    if (session->mcp->principal != principal) {
        co_await ex.respond(
            http::status::forbidden,
            http_error_body("forbidden", "session belongs to another principal")
        );
        co_return nullptr;
    }
    co_return session;
}

asio::awaitable<void> handle_get(gateway& gw, http_exchange& ex, std::string principal) {
    const auto& req = ex.request();
    if (!accepts(field_value(req, http::field::accept), "text/event-stream")) {
        co_return co_await ex.respond(
            http::status::not_acceptable,
            http_error_body("not_acceptable", "GET needs Accept: text/event-stream")
        );
    }
    auto session = co_await caller_session(gw, ex, principal);
    if (!session) {
        co_return;
    }
    std::shared_ptr<event_stream> stream;
    std::uint64_t after = 0;
    bool fresh = false;
    std::string last_event_id(header(req, "Last-Event-ID"));
    if (!last_event_id.empty()) {
        auto parsed = event_stream::parse_event_id(last_event_id);
        auto it = parsed ? session->streams.find(parsed->first) : session->streams.end();
        if (it == session->streams.end()) {
            co_return co_await ex.respond(
                http::status::not_found,
                http_error_body("not_found", "unknown Last-Event-ID: stream is gone")
            );
        }
        stream = it->second;
        after = parsed->second;
    } else {
        if (!session->standalone) {
            session->standalone = std::make_shared<event_stream>(
                gw.executor(),
                session->new_stream_id(),
                gw.config().sessions.replay_events
            );
            gw.sessions().keep_stream(*session, session->standalone);
        }
        stream = session->standalone;
        after = stream->event_count();
        fresh = true;
    }
    if (stream->attached()) {
        co_return co_await ex.respond(
            http::status::conflict,
            http_error_body("conflict", "this stream already has a reader")
        );
    }
    if (!stream->attach(after)) {
        co_return co_await ex.respond(
            http::status::not_found,
            http_error_body("not_found", "events after Last-Event-ID are no longer buffered")
        );
    }
    gw.sessions().enter(*session);
    if (co_await ex.start_stream(session_fields(*session))) {
        if (fresh && session->mcp->traits.sse_priming_event) {
            (void)co_await ex.write_chunk(protocol::sse::priming(
                stream->id() + "_" + std::to_string(after),
                gw.config().sessions.sse_retry_ms
            ));
        }
        (void)co_await pump_stream(ex, *stream, gw.config().sessions.heartbeat);
    }
    stream->release();
    gw.sessions().leave(*session);
}

asio::awaitable<void> handle_delete(gateway& gw, http_exchange& ex, std::string principal) {
    auto session = co_await caller_session(gw, ex, principal);
    if (!session) {
        co_return;
    }
    const std::string id = session->mcp->id;
    gw.sessions().erase(id);
    log::info("session deleted", {{"session", id}});
    co_await ex.respond(http::status::ok, "");
}

}  // namespace

asio::awaitable<void> serve_streamable(gateway& gw, http_exchange& ex, std::string principal) {
    switch (ex.request().method()) {
        case http::verb::post:
            co_return co_await handle_post(gw, ex, std::move(principal));
        case http::verb::get:
            co_return co_await handle_get(gw, ex, std::move(principal));
        case http::verb::delete_:
            co_return co_await handle_delete(gw, ex, std::move(principal));
        default: {
            http_response res{http::status::method_not_allowed, ex.request().version()};
            res.set(http::field::allow, "GET, POST, DELETE");
            res.set(http::field::content_type, "application/json");
            res.body() = http_error_body("method_not_allowed", "use POST, GET or DELETE");
            co_return co_await ex.respond(std::move(res));
        }
    }
}

}  // namespace mcpgw::server

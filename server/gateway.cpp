#include "gateway.hpp"

#include "metrics/source_metrics.hpp"
#include "policy/admission_chain.hpp"
#include "transports/transports.hpp"

#include <backends/core/log.hpp>

#ifndef MCPGW_VERSION
#define MCPGW_VERSION "0.0.0"
#endif

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcpgw::server {

namespace asio = boost::asio;

std::string http_error_body(std::string_view code, std::string_view message) {
    return nlohmann::json{{"error", code}, {"message", message}}.dump();
}

namespace {

/// The Host allowlist: as configured, or the localhost forms plus the address the gateway
/// listens on (when it is a specific address, not 0.0.0.0 or ::).
std::vector<std::string> host_allowlist(const listen_config& listen) {
    if (!listen.allowed_hosts.empty()) {
        return listen.allowed_hosts;
    }
    std::vector<std::string> hosts{"localhost", "127.0.0.1", "[::1]"};
    boost::system::error_code ec;
    auto address = asio::ip::make_address(listen.address, ec);
    if (!ec && !address.is_unspecified()) {
        hosts.push_back(address.is_v6() ? "[" + address.to_string() + "]" : address.to_string());
    }
    return hosts;
}

/// A source's last error as /readyz shows it: one line, at most 500 bytes. Sources already
/// keep credentials out of it; this only keeps the answer small and printable.
std::string readable_error(const std::string& text) {
    constexpr std::size_t cap = 500;
    std::string out = text.substr(0, cap);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = ' ';
        }
    }
    if (text.size() > cap) {
        out += "...";
    }
    return out;
}

/// Every field named `name`, joined with "," (a proxy may add its own field line).
template <class Name>
std::string joined_header(const http_request& req, Name name) {
    std::string out;
    auto [first, last] = req.equal_range(name);
    for (auto it = first; it != last; ++it) {
        if (!out.empty()) {
            out += ',';
        }
        out.append(it->value().data(), it->value().size());
    }
    return out;
}

session_limits make_session_limits(const sessions_config& c) {
    session_limits l;
    l.max_sessions = c.max_sessions;
    l.max_per_principal = c.max_per_principal;
    l.idle_ttl = c.idle_ttl;
    l.unused_ttl = c.unused_ttl;
    l.min_idle_before_evict = c.min_idle_before_evict;
    return l;
}

service_options make_service_options(const gateway_config& c) {
    service_options o;
    o.default_call_timeout = c.limits.default_call_timeout;
    o.max_inflight_calls = c.limits.max_inflight_calls;
    return o;
}

}  // namespace

gateway::gateway(
    asio::any_io_executor ex,
    const gateway_config& config,
    std::shared_ptr<const backends::catalog> catalog,
    backends::metrics_registry& metrics
)
    : executor_(std::move(ex)),
      config_(config),
      catalog_(catalog),
      metrics_(metrics),
      http_metrics_(metrics),
      service_(std::move(catalog), make_service_options(config), metrics),
      sessions_(make_session_limits(config.sessions), 32, &metrics),
      auth_(config.auth.api_keys),
      guard_(host_allowlist(config.listen), config.listen.allowed_origins),
      admission_(policy::make_admission_chain(guard_, auth_, config.auth.jwt)) {
    metrics_.get_gauge("mcpgw_build_info", "Build information.", {{"version", MCPGW_VERSION}})
        .set(1);
    // Pool and health series are read from the sources at scrape time (on the event loop,
    // where /metrics is served). A weak reference: the registry may outlive the catalog.
    std::weak_ptr<const backends::catalog> sources = catalog_;
    metrics_.add_collector([sources](backends::sample_writer& w) {
        if (auto c = sources.lock()) {
            collect_source_metrics(*c, w);
        }
    });
}

asio::awaitable<void> gateway::handle(http_exchange& ex) {
    // Read before routing (a transport may move the request's parts); counted after the
    // answer, so a stream counts when it ends. Label values come from fixed lists.
    const auto transport = classify_path(ex.path(), config_.listen.path);
    if (!config_.listen.trusted_proxies.empty()) {
        ex.set_client_address(config_.listen.trusted_proxies.client_address(
            ex.peer_address(),
            joined_header(ex.request(), "X-Forwarded-For"),
            joined_header(ex.request(), http::field::forwarded)
        ));
    }
    const auto method = ex.request().method();
    co_await route(ex);
    http_metrics_.record(transport, method, ex.status());
}

asio::awaitable<void> gateway::route(http_exchange& ex) {
    std::string_view path = ex.path();
    if (path == "/healthz" || path == "/health") {
        co_return co_await health(ex);
    }
    if (path == "/readyz") {
        co_return co_await ready(ex);
    }
    if (path == "/metrics") {
        co_return co_await metrics_endpoint(ex);
    }
    bool mcp = path == config_.listen.path;
    bool legacy_sse = path == "/sse";
    bool legacy_messages = path == "/messages";
    bool rest_list = path == "/tools/list";
    bool rest_call = path == "/tools/call";
    if (!(mcp || legacy_sse || legacy_messages || rest_list || rest_call)) {
        co_return co_await ex.respond(
            http::status::not_found,
            http_error_body("not_found", "no such endpoint")
        );
    }
    auto principal = co_await admit(ex);
    if (!principal) {
        co_return;
    }
    auto method = ex.request().method();
    if (mcp) {
        co_return co_await serve_streamable(*this, ex, std::move(*principal));
    }
    if (legacy_sse && method == http::verb::get) {
        co_return co_await serve_legacy_sse(*this, ex, std::move(*principal));
    }
    if (legacy_messages && method == http::verb::post) {
        co_return co_await serve_legacy_messages(*this, ex, std::move(*principal));
    }
    if (rest_list && method == http::verb::get) {
        co_return co_await serve_rest_list(*this, ex, std::move(*principal));
    }
    if (rest_call && method == http::verb::post) {
        co_return co_await serve_rest_call(*this, ex, std::move(*principal));
    }
    http_response res{http::status::method_not_allowed, ex.request().version()};
    res.set(http::field::allow, (legacy_sse || rest_list) ? "GET" : "POST");
    res.set(http::field::content_type, "application/json");
    res.body() = http_error_body("method_not_allowed", "method not allowed on this endpoint");
    co_await ex.respond(std::move(res));
}

asio::awaitable<std::optional<std::string>> gateway::admit(http_exchange& ex) {
    const auto client = ex.client_address();
    policy::admission_request r{ex.request(), ex.path(), client, ex.request_id(), {}, {}, {}, {}};
    auto reply = admission_.run(r);
    for (auto& [name, value] : r.response_headers) {
        ex.add_response_header(std::move(name), std::move(value));
    }
    if (!reply) {
        co_return std::move(r.principal);
    }
    http_response res{reply->status, ex.request().version()};
    for (auto& [field, value] : reply->headers) {
        res.set(field, value);
    }
    if (!reply->code.empty()) {
        res.set(http::field::content_type, "application/json");
        res.body() = http_error_body(reply->code, reply->message);
    }
    co_await ex.respond(std::move(res));
    co_return std::nullopt;
}

asio::awaitable<void> gateway::metrics_endpoint(http_exchange& ex) {
    // Gauges that are cheaper to read at scrape time than to keep current.
    metrics_.get_gauge("mcpgw_sessions", "Open MCP sessions.")
        .set(static_cast<std::int64_t>(sessions_.size()));
    metrics_.get_gauge("mcpgw_sse_streams", "SSE streams with a reader attached.")
        .set(static_cast<std::int64_t>(sessions_.streams_open()));
    metrics_.get_gauge("mcpgw_inflight_calls", "Tool calls in flight.")
        .set(static_cast<std::int64_t>(service_.inflight()));
    co_await ex.respond(http::status::ok, metrics_.render(), "text/plain; version=0.0.4");
}

asio::awaitable<void> gateway::health(http_exchange& ex) {
    if (draining_) {
        co_return co_await ex
            .respond(http::status::service_unavailable, "draining\n", "text/plain");
    }
    co_await ex.respond(http::status::ok, "ok\n", "text/plain");
}

asio::awaitable<void> gateway::ready(http_exchange& ex) {
    nlohmann::json sources = nlohmann::json::array();
    nlohmann::json by_state{{"ok", 0}, {"degraded", 0}, {"down", 0}};
    for (const auto& s : catalog_->sources()) {
        auto h = s->health();
        std::string state(backends::to_string(h.state));
        nlohmann::json entry{
            {"name", s->name()},
            {"type", s->type()},
            {"state", state},
            {"stats", s->stats()}};
        if (!h.last_error.empty()) {
            entry["last_error"] = readable_error(h.last_error);
        }
        by_state[state] = by_state[state].get<int>() + 1;
        sources.push_back(std::move(entry));
    }
    // One source down never makes the replica unready: others still serve. Nor does a full
    // session table: idle sessions make room, and taking replicas out of the load balancer
    // would only move the flood to the next one.
    const auto& limits = sessions_.limits();
    nlohmann::json session_table{
        {"open", sessions_.size()},
        {"max", limits.max_sessions},
        {"max_per_principal", limits.max_per_principal},
        {"saturated", sessions_.size() >= limits.max_sessions},
        {"evicted", sessions_.evicted()},
        {"refused", sessions_.refused()}};
    nlohmann::json body{
        {"status", draining_ ? "draining" : "ready"},
        {"sessions", std::move(session_table)},
        {"inflight_calls", service_.inflight()},
        {"source_states", std::move(by_state)},
        {"sources", std::move(sources)}};
    // Driver messages are not always UTF-8: replace bad bytes rather than throw.
    std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    co_await ex.respond(
        draining_ ? http::status::service_unavailable : http::status::ok,
        std::move(text)
    );
}

void gateway::begin_drain() {
    draining_ = true;
    service_.begin_drain();  // the call chain's drain policy: no new call on any transport
    // GET streams carry no results: end them now (last chunk). POST streams end with
    // their calls, which go on until the drain timeout.
    sessions_.finish_standalone_streams();
}

asio::awaitable<void> gateway::run_housekeeping() {
    asio::steady_timer timer(executor_);
    while (!draining_) {
        timer.expires_after(std::chrono::seconds(1));
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            break;
        }
        if (auto n = sessions_.sweep(std::chrono::steady_clock::now()); n > 0) {
            log::info("sessions expired", {{"count", n}});
        }
    }
}

}  // namespace mcpgw::server

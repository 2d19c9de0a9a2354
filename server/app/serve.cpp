#include "serve.hpp"

#include "catalog_builder.hpp"

#include <backends/core/log.hpp>
#include <backends/core/metrics.hpp>
#include <backends/core/worker_pool.hpp>
#include <server/gateway.hpp>
#include <server/http/listener.hpp>
#include <server/transports/stdio.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <iostream>

namespace mcpgw::server {

namespace asio = boost::asio;

namespace {

bool is_loopback(const std::string& address) {
    boost::system::error_code ec;
    auto a = asio::ip::make_address(address, ec);
    return !ec && a.is_loopback();
}

/// Refuses an unauthenticated non-loopback bind unless explicitly asked for.
void check_exposure(const gateway_config& config) {
    if (!is_loopback(config.listen.address) && config.auth.api_keys.empty() &&
        config.auth.jwt.empty()) {
        if (!config.auth.insecure_no_auth) {
            throw backends::config_error(
                "listen.address " + config.listen.address +
                " is not loopback and neither auth.api_keys nor auth.jwt is set: add an API key or "
                "a "
                "JWT issuer, or set "
                "auth.insecure_no_auth: true to serve without authentication"
            );
        }
        log::warn(
            "serving without authentication on a non-loopback address",
            {{"address", config.listen.address}}
        );
    }
}

struct runtime_parts {
    asio::io_context io{1};
    backends::worker_pool workers{4};
    backends::metrics_registry metrics;
    std::shared_ptr<const backends::catalog> catalog;

    explicit runtime_parts(const gateway_config& config) {
        log::level lvl{};
        if (log::parse_level(config.log_level, lvl)) {
            log::set_level(lvl);
        }
        backends::backend_runtime rt{io.get_executor(), &workers, &metrics};
        catalog = build_catalog(config, rt);
        for (const auto& s : catalog->sources()) {
            s->start();
        }
    }
    ~runtime_parts() {
        for (const auto& s : catalog->sources()) {
            s->stop();
        }
        workers.stop();
    }
    runtime_parts(const runtime_parts&) = delete;
    runtime_parts& operator=(const runtime_parts&) = delete;
    runtime_parts(runtime_parts&&) = delete;
    runtime_parts& operator=(runtime_parts&&) = delete;
};

/// SIGTERM/SIGINT: health turns 503 while the listener still accepts (so load-balancer
/// probes see the drain rather than refused connections; new sessions are refused), calls in
/// flight get up to the drain timeout, then accepting stops, streams end cleanly and the
/// loop stops.
asio::awaitable<void>
drain(asio::io_context* io, gateway* gw, listener* l, std::chrono::milliseconds timeout) {
    gw->begin_drain();
    log::info(
        "draining",
        {{"inflight_calls", gw->mcp().inflight()}, {"timeout_ms", timeout.count()}}
    );
    asio::steady_timer timer(gw->executor());
    auto until = std::chrono::steady_clock::now() + timeout;
    while (gw->mcp().inflight() > 0 && std::chrono::steady_clock::now() < until) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(asio::use_awaitable);
    }
    l->stop();
    gw->sessions().clear();  // cancels what is left and finishes every stream
    // Give stream writers a moment to send their last chunk.
    auto flush_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (l->connections() > 0 && std::chrono::steady_clock::now() < flush_until) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(asio::use_awaitable);
        l->stop();
    }
    l->close_all();
    log::info("stopped", {});
    io->stop();
}

}  // namespace

int serve_http(const gateway_config& config) {
    check_exposure(config);
    runtime_parts rt(config);
    gateway gw(rt.io.get_executor(), config, rt.catalog, rt.metrics);
    listener_options lo;
    lo.max_body_bytes = config.listen.max_body_bytes;
    lo.max_header_bytes = config.listen.max_header_bytes;
    lo.max_connections = config.listen.max_connections;
    lo.header_timeout = config.listen.header_timeout;
    lo.body_timeout = config.listen.body_timeout;
    lo.idle_timeout = config.listen.idle_timeout;
    listener l(rt.io.get_executor(), lo, gw);
    try {
        l.bind(config.listen.address, config.listen.port);
    } catch (const boost::system::system_error& e) {
        log::error(
            "cannot listen",
            {{"address", config.listen.address},
             {"port", config.listen.port},
             {"error", e.code().message()}}
        );
        return 1;
    }
    // Signals first: a SIGTERM right after the "listening" line must drain, not kill.
    asio::signal_set signals(rt.io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code& ec, int signo) {
        if (!ec) {
            log::info("signal received", {{"signal", signo}});
            asio::co_spawn(
                rt.io,
                drain(&rt.io, &gw, &l, config.limits.drain_timeout),
                log::log_exception{"background task failed"}
            );
        }
    });
    log::info(
        "listening",
        {{"address", l.address()},
         {"port", l.port()},
         {"path", config.listen.path},
         {"tools", rt.catalog->tools().size()},
         {"auth",
          config.auth.jwt.empty()        ? (config.auth.api_keys.empty() ? "none" : "api_key")
          : config.auth.api_keys.empty() ? "jwt"
                                         : "api_key+jwt"}}
    );
    asio::co_spawn(rt.io, l.run(), log::log_exception{"background task failed"});
    asio::co_spawn(rt.io, gw.run_housekeeping(), log::log_exception{"background task failed"});
    rt.io.run();
    return 0;
}

int serve_stdio_mode(const gateway_config& config) {
    runtime_parts rt(config);
    service_options o;
    o.default_call_timeout = config.limits.default_call_timeout;
    o.max_inflight_calls = config.limits.max_inflight_calls;
    service svc(rt.catalog, o, rt.metrics);
    return serve_stdio(rt.io, svc, config.limits.drain_timeout);
}

int check_config(const gateway_config& config) {
    check_exposure(config);  // check refuses what serve refuses
    asio::io_context io{1};
    backends::worker_pool workers{1};
    backends::metrics_registry metrics;
    backends::backend_runtime rt{io.get_executor(), &workers, &metrics};
    auto catalog = build_catalog(config, rt);
    std::cout << "configuration OK: " << config.source_file << "\n";
    std::cout << "servers (" << catalog->sources().size() << "):\n";
    for (const auto& s : catalog->sources()) {
        std::cout << "  " << s->name() << " (" << s->type() << ", "
                  << backends::to_string(s->access()) << ")\n";
    }
    std::cout << "tools (" << catalog->tools().size() << "):\n";
    for (const auto& t : catalog->tools()) {
        std::cout << "  " << t.impl->name() << "\n";
    }
    workers.stop();
    return 0;
}

}  // namespace mcpgw::server

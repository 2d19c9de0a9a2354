#include "http_client.hpp"

#include "auth_headers.hpp"
#include "backends/core/log.hpp"
#include "error_text.hpp"
#include "exchange.hpp"
#include "resolve.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <stdexcept>

namespace mcpgw::backends::http {
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace bhttp = boost::beast::http;
using clock = std::chrono::steady_clock;

struct http_client::opened {
    std::unique_ptr<connection> conn;
    std::optional<http_error> error;
};

namespace {

ssl::context make_tls_context(const client_options& options) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_options(
        ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3
    );
    if (options.insecure_skip_verify) {
        ctx.set_verify_mode(ssl::verify_none);
        return ctx;
    }
    ctx.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (options.ca_file.empty()) {
        ctx.set_default_verify_paths(ec);
    } else {
        ctx.load_verify_file(options.ca_file, ec);
    }
    if (ec) {
        throw std::runtime_error(
            "cannot load TLS trust store " +
            (options.ca_file.empty() ? std::string("(system CAs)") : options.ca_file) + ": " +
            ec.message()
        );
    }
    return ctx;
}

bool has_header(const header_list& headers, std::string_view name) {
    return std::any_of(headers.begin(), headers.end(), [&](const auto& h) {
        return boost::beast::iequals(h.first, name);
    });
}

/// Header values that must never reach a message: secret headers, whole and without the scheme.
std::vector<std::string> secret_values(const http_request& req, const client_options& options) {
    std::vector<std::string> secrets;
    const auto collect = [&](const header_list& headers) {
        for (const auto& [name, value] : headers) {
            if (!is_secret_header(name)) {
                continue;
            }
            secrets.push_back(value);
            if (const auto space = value.find(' '); space != std::string::npos) {
                secrets.push_back(value.substr(space + 1));
            }
        }
    };
    collect(req.headers);
    collect(options.default_headers);
    return secrets;
}

std::string host_header(const origin& where) {
    const bool ipv6 = where.host.find(':') != std::string::npos;
    std::string host = ipv6 ? "[" + where.host + "]" : where.host;
    const bool default_port = where.port == (where.tls ? 443 : 80);
    return default_port ? host : host + ":" + std::to_string(where.port);
}

outgoing_request
build_message(const http_request& req, const parsed_url& url, const client_options& options) {
    outgoing_request message{req.method, url.target, 11};
    message.set(bhttp::field::host, host_header(url.where));
    message.set(bhttp::field::user_agent, "mcpgw");
    for (const auto& [name, value] : options.default_headers) {
        if (!has_header(req.headers, name)) {
            message.set(name, value);
        }
    }
    for (const auto& [name, value] : req.headers) {
        message.insert(name, value);
    }
    message.keep_alive(true);
    message.body() = req.body;
    const bool sends_body = !req.body.empty() || req.method == bhttp::verb::post ||
                            req.method == bhttp::verb::put || req.method == bhttp::verb::patch;
    if (sends_body) {
        message.prepare_payload();
    }
    return message;
}

bool is_idempotent(bhttp::verb method) {
    return method == bhttp::verb::get || method == bhttp::verb::head ||
           method == bhttp::verb::put || method == bhttp::verb::delete_ ||
           method == bhttp::verb::options;
}

/// Why OpenSSL refused the certificate ("hostname mismatch", "unable to get local issuer...").
std::string verify_detail(connection& conn) {
    if (conn.tls() == nullptr) {
        return {};
    }
    const long result = SSL_get_verify_result(conn.tls()->native_handle());
    return result == X509_V_OK ? std::string() : std::string(X509_verify_cert_error_string(result));
}

asio::awaitable<exchange_outcome>
run_exchange(connection* conn, const outgoing_request* message, exchange_limits limits) {
    if (conn->tls() != nullptr) {
        co_return co_await exchange(conn->tls(), &conn->buffer(), message, limits);
    }
    co_return co_await exchange(&conn->tcp(), &conn->buffer(), message, limits);
}

}  // namespace

http_client::http_client(asio::any_io_executor executor, client_options options)
    : executor_(std::move(executor)),
      options_(std::move(options)),
      tls_context_(make_tls_context(options_)),
      pool_(options_.max_idle_per_origin, options_.idle_timeout) {
    if (options_.insecure_skip_verify) {
        log::warn(
            "http client: TLS certificate and hostname verification disabled (insecure_skip_verify)"
        );
    }
    if (options_.metrics != nullptr) {
        metrics_.emplace(*options_.metrics, options_.metrics_server);
    }
}

asio::awaitable<http_client::opened> http_client::open_connection(
    origin where,
    clock::time_point deadline,
    std::vector<std::string> secrets
) {
    const auto cancel_state = co_await asio::this_coro::cancellation_state;
    const auto connect_deadline = std::min(deadline, clock::now() + options_.connect_timeout);
    const std::string label = where.key();
    opened out;
    const auto fail =
        [&](failed_step step, const boost::system::error_code& ec, std::string_view detail) {
            const bool cancelled = cancel_state.cancelled() != asio::cancellation_type::none ||
                                   ec == asio::error::operation_aborted;
            auto error = classify_failure(step, ec, cancelled, connect_deadline, label, detail);
            error.message = scrub_secrets(std::move(error.message), secrets);
            out.error = std::move(error);
            out.conn.reset();
        };

    const std::string port = std::to_string(where.port);
    auto resolved = co_await resolve_bounded(where.host, port, connect_deadline);
    if (resolved.ec) {
        fail(failed_step::resolve, resolved.ec, {});
        co_return out;
    }

    out.conn = where.tls ? std::make_unique<connection>(executor_, tls_context_)
                         : std::make_unique<connection>(executor_);
    auto& tcp = out.conn->tcp();
    tcp.expires_at(connect_deadline);
    auto connected =
        co_await tcp.async_connect(resolved.endpoints, asio::as_tuple(asio::use_awaitable));
    if (std::get<0>(connected)) {
        fail(failed_step::connect, std::get<0>(connected), {});
        co_return out;
    }
    ++stats_.opened;
    boost::system::error_code ignored;
    tcp.socket().set_option(asio::ip::tcp::no_delay(true), ignored);  // latency, not correctness

    if (auto* tls = out.conn->tls()) {
        SSL* handle = tls->native_handle();
        const bool ip_host = is_ip_literal(where.host);
        if (!ip_host) {
            // SNI; SSL_set_tlsext_host_name is a macro with an old-style cast.
            SSL_ctrl(
                handle,
                SSL_CTRL_SET_TLSEXT_HOSTNAME,
                TLSEXT_NAMETYPE_host_name,
                const_cast<char*>(where.host.c_str())
            );
        }
        if (!options_.insecure_skip_verify) {
            // OpenSSL checks the name (or IP) against the certificate's SANs during the handshake.
            const int set =
                ip_host ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), where.host.c_str())
                        : SSL_set1_host(handle, where.host.c_str());
            if (set != 1) {
                fail(
                    failed_step::handshake,
                    asio::error::invalid_argument,
                    "cannot set the expected host name"
                );
                co_return out;
            }
        }
        auto shaken = co_await tls->async_handshake(
            ssl::stream_base::client,
            asio::as_tuple(asio::use_awaitable)
        );
        if (std::get<0>(shaken)) {
            const std::string detail = verify_detail(*out.conn);
            fail(failed_step::handshake, std::get<0>(shaken), detail);
            co_return out;
        }
    }
    co_return out;
}

asio::awaitable<http_result> http_client::request(http_request req) {
    http_result result = co_await send(std::move(req));
    if (metrics_) {
        metrics_->record(result);
    }
    co_return result;
}

asio::awaitable<http_result> http_client::send(http_request req) {
    const auto cancel_state = co_await asio::this_coro::cancellation_state;
    http_result result;
    std::string why;
    const auto url = parse_url(req.url, why);
    if (!url) {
        ++stats_.errors;
        http_error error;
        error.code = http_errc::invalid_request;
        error.message = why;
        result.error = std::move(error);
        co_return result;
    }
    const auto secrets = secret_values(req, options_);
    const outgoing_request message = build_message(req, *url, options_);
    exchange_limits limits;
    limits.max_body_bytes = req.max_body_bytes;
    limits.max_header_bytes = options_.max_header_bytes;
    limits.head_request = req.method == bhttp::verb::head;

    const auto failed = [&](failed_step step, const boost::system::error_code& ec) {
        ++stats_.errors;
        const bool cancelled = cancel_state.cancelled() != asio::cancellation_type::none ||
                               ec == asio::error::operation_aborted;
        auto error = classify_failure(step, ec, cancelled, req.deadline, url->where.key(), {});
        error.message = scrub_secrets(std::move(error.message), secrets);
        result.error = std::move(error);
    };

    std::unique_ptr<connection> conn = pool_.take(url->where);
    exchange_outcome outcome;
    if (conn) {
        ++stats_.reused;
        conn->tcp().expires_at(req.deadline);
        outcome = co_await run_exchange(conn.get(), &message, limits);
        // The server may have closed the idle connection just as we sent: retry once on a
        // fresh one when nothing came back and repeating the request is harmless.
        const bool retry = outcome.ec && outcome.nothing_received && is_idempotent(req.method) &&
                           cancel_state.cancelled() == asio::cancellation_type::none &&
                           clock::now() < req.deadline;
        if (retry) {
            conn->close();
            conn.reset();
        }
    }
    if (!conn) {
        auto fresh = co_await open_connection(url->where, req.deadline, secrets);
        if (fresh.error) {
            ++stats_.errors;
            result.error = std::move(fresh.error);
            co_return result;
        }
        conn = std::move(fresh.conn);
        conn->tcp().expires_at(req.deadline);
        outcome = co_await run_exchange(conn.get(), &message, limits);
    }

    if (outcome.ec) {
        conn->close();
        failed(outcome.stage == "write" ? failed_step::write : failed_step::read, outcome.ec);
        co_return result;
    }
    if (outcome.keep_alive) {
        conn->tcp().expires_never();
        pool_.give_back(url->where, std::move(conn));
    } else {
        conn->close();
    }
    result.response = std::move(outcome.response);
    co_return result;
}

}  // namespace mcpgw::backends::http

#include "error_text.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace mcpgw::backends::http {

namespace {

std::string_view step_name(failed_step step) {
    switch (step) {
        case failed_step::resolve:
            return "resolving";
        case failed_step::connect:
            return "connecting to";
        case failed_step::handshake:
            return "TLS handshake with";
        case failed_step::write:
            return "sending the request to";
        case failed_step::read:
            return "reading the response from";
    }
    return "talking to";
}

http_errc step_code(failed_step step, const boost::system::error_code& ec) {
    switch (step) {
        case failed_step::resolve:
            return http_errc::resolve_failed;
        case failed_step::connect:
            return http_errc::connect_failed;
        case failed_step::handshake:
            return http_errc::tls_failed;
        case failed_step::write:
            return http_errc::protocol_error;
        case failed_step::read:
            if (ec == boost::beast::http::error::header_limit ||
                ec == boost::beast::http::error::buffer_overflow) {
                return http_errc::too_large_headers;
            }
            return http_errc::protocol_error;
    }
    return http_errc::protocol_error;
}

}  // namespace

http_error classify_failure(
    failed_step step,
    const boost::system::error_code& ec,
    bool cancelled,
    std::chrono::steady_clock::time_point deadline,
    std::string_view where,
    std::string_view detail
) {
    http_error error;
    std::string message = std::string(step_name(step)) + " " + std::string(where);
    if (cancelled) {
        error.code = http_errc::cancelled;
        error.message = message + ": cancelled";
        return error;
    }
    if (ec == boost::beast::error::timeout || ec == boost::asio::error::timed_out ||
        std::chrono::steady_clock::now() >= deadline) {
        error.code = http_errc::timeout;
        error.message = message + ": deadline exceeded";
        return error;
    }
    error.code = step_code(step, ec);
    error.message = message + " failed: " + ec.message();
    if (!detail.empty()) {
        error.message += " (" + std::string(detail) + ")";
    }
    return error;
}

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.size() < 4) {
            continue;
        }
        for (auto pos = text.find(secret); pos != std::string::npos;
             pos = text.find(secret, pos + 3)) {
            text.replace(pos, secret.size(), "***");
        }
    }
    return text;
}

}  // namespace mcpgw::backends::http

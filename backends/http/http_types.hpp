#pragma once
// Request, response and error of the async HTTP(S) client (see docs/http_client.md).

#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpgw::backends::http {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_request {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string url;  // http://host[:port]/path?query or https://...; no user:password@
    header_list headers;
    std::string body;
    std::chrono::steady_clock::time_point deadline;  // bounds resolve, connect, TLS, write, read
    std::size_t max_body_bytes = 8 * 1024 * 1024;    // beyond: body cut, `truncated` set
};

struct http_response {
    unsigned status = 0;
    header_list headers;
    std::string body;
    bool truncated = false;  // body hit max_body_bytes; the caller decides what that means

    /// First value of a header (case-insensitive name), or nullopt.
    std::optional<std::string> header(std::string_view name) const;
};

enum class http_errc {
    timeout,
    cancelled,
    connect_failed,
    tls_failed,
    resolve_failed,
    protocol_error,
    too_large_headers,
    invalid_request,  // bad URL (scheme, host, port, credentials in the URL)
};

std::string_view to_string(http_errc e);

struct http_error {
    http_errc code = http_errc::protocol_error;
    std::string message;  // sanitised: never a credential or an Authorization value
};

struct http_result {
    std::optional<http_response> response;  // set on success
    std::optional<http_error> error;        // set on failure

    bool ok() const { return response.has_value(); }
};

}  // namespace mcpgw::backends::http

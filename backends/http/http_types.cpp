#include "http_types.hpp"

#include <boost/beast/core/string.hpp>

namespace mcpgw::backends::http {

std::optional<std::string> http_response::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (boost::beast::iequals(key, name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view to_string(http_errc e) {
    switch (e) {
        case http_errc::timeout:
            return "timeout";
        case http_errc::cancelled:
            return "cancelled";
        case http_errc::connect_failed:
            return "connect_failed";
        case http_errc::tls_failed:
            return "tls_failed";
        case http_errc::resolve_failed:
            return "resolve_failed";
        case http_errc::protocol_error:
            return "protocol_error";
        case http_errc::too_large_headers:
            return "too_large_headers";
        case http_errc::invalid_request:
            return "invalid_request";
    }
    return "protocol_error";
}

}  // namespace mcpgw::backends::http

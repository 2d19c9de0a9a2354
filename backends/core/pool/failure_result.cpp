#include "failure_result.hpp"

#include <string>

namespace mcpgw::backends::pool {

json failure_result(const pool_error& e, std::string_view server, std::size_t max_size) {
    const std::string name(server);
    switch (e.code) {
        case pool_errc::pool_timeout:
            return error_result(
                error_code::pool_timeout,
                "no connection to " + name + " became free in time (pool busy" +
                    (max_size > 0 ? ": max " + std::to_string(max_size) : std::string()) + ")",
                std::nullopt,
                true
            );
        case pool_errc::exhausted:
            return error_result(
                error_code::pool_timeout,
                "too many calls are waiting for a connection to " + name,
                std::nullopt,
                true
            );
        case pool_errc::stopped:
            return error_result(
                error_code::unavailable,
                name + " is not accepting calls (the gateway is stopping)",
                std::nullopt,
                true
            );
        case pool_errc::cancelled:
            return error_result(error_code::cancelled, "the call was cancelled");
        case pool_errc::unavailable:
            break;
    }
    return error_result(
        error_code::unavailable,
        name + " is unavailable: " + (e.message.empty() ? "cannot connect" : e.message),
        std::nullopt,
        true
    );
}

}  // namespace mcpgw::backends::pool

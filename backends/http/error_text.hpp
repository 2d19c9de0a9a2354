#pragma once
// Turns a failed step into an http_error: stable code, short message, secrets scrubbed.

#include "http_types.hpp"

#include <boost/asio/cancellation_type.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::http {

enum class failed_step { resolve, connect, handshake, write, read };

/// Cancellation wins over timeout, timeout over the step's own code.
http_error classify_failure(
    failed_step step,
    const boost::system::error_code& ec,
    bool cancelled,
    std::chrono::steady_clock::time_point deadline,
    std::string_view where,
    std::string_view detail
);

/// Replaces every occurrence of each secret (length >= 4) with "***".
std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace mcpgw::backends::http

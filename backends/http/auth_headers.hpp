#pragma once
// Authorization headers built from secrets. The values are never logged; the client also scrubs
// them from every error message.

#include "http_types.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace mcpgw::backends::http {

/// {"Authorization", "Bearer <token>"}
std::pair<std::string, std::string> bearer_auth_header(std::string_view token);

/// {"Authorization", "Basic base64(user:password)"}
std::pair<std::string, std::string>
basic_auth_header(std::string_view user, std::string_view password);

/// True for headers whose values are secrets (Authorization, Cookie, API keys...).
bool is_secret_header(std::string_view name);

}  // namespace mcpgw::backends::http

#pragma once
// Values of config-declared parameters as libpq text parameters (bound, never spliced).

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace mcpgw::backends::postgres {

/// null -> SQL NULL (inner nullopt); booleans "true"/"false"; numbers in JSON notation;
/// strings as they are; arrays and objects as JSON text (for json/jsonb parameters).
/// Outer nullopt for a value PostgreSQL text cannot carry (a NUL byte).
std::optional<std::optional<std::string>> text_param(const nlohmann::json& v);

}  // namespace mcpgw::backends::postgres

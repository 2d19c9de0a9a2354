#pragma once
// Engine values as JSON, the same way for every SQL engine: integers beyond 2^53 (what a
// JSON number holds exactly in most clients) as strings, binary as base64, text as valid
// UTF-8. Also the size measure the result caps use.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace mcpgw::backends::sql {

inline constexpr std::int64_t max_exact_integer = std::int64_t{1} << 53;

/// A number when |v| <= 2^53, else its decimal string.
nlohmann::json integer_value(std::int64_t v);
nlohmann::json unsigned_value(std::uint64_t v);

std::string base64_encode(std::string_view bytes);

/// Replaces every invalid UTF-8 sequence with U+FFFD so the result always serialises.
std::string valid_utf8(std::string_view bytes);

/// Bytes the value adds to a serialised result (strings count unescaped): the cap's measure.
std::size_t json_size(const nlohmann::json& value);

}  // namespace mcpgw::backends::sql

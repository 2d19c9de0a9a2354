#pragma once
// Value helpers for the JSON Schema validator: numeric comparison that stays exact for
// 64-bit integers, JSON Schema equality (1 == 1.0) with a matching hash, code-point length
// and JSON-pointer token escaping.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mcpgw::protocol::schema_detail {

using json = nlohmann::json;

/// -1, 0 or 1 for two JSON numbers; exact when both are integers.
int compare_numbers(const json& a, const json& b);

/// True for integers and for finite floats without a fractional part (1.0).
bool is_integral(const json& v);

/// True when `value` is an integer multiple of the positive number `divisor`.
bool is_multiple_of(const json& value, const json& divisor);

/// JSON Schema equality: numbers by value, objects regardless of key order.
bool json_equal(const json& a, const json& b);

/// A hash consistent with json_equal (1 and 1.0 hash alike).
std::size_t json_hash(const json& v);

/// Unicode code points in a UTF-8 string (continuation bytes are not counted).
std::size_t code_points(std::string_view utf8);

/// 0-15 for a hex digit, -1 otherwise.
int hex_digit(char c);

/// Appends "/" + token with "~" -> "~0" and "/" -> "~1".
void append_pointer_token(std::string& pointer, std::string_view token);

/// Undoes append_pointer_token's escaping; false on a malformed "~" escape.
bool unescape_pointer_token(std::string_view token, std::string& out);

}  // namespace mcpgw::protocol::schema_detail

#pragma once
// A Redis reply (RESP2, what hiredis 0.14 speaks) as an owning value, and its JSON form for
// tool results:
//   bulk string   -> JSON string when the bytes are valid UTF-8, else {"base64": "..."}
//   status        -> JSON string ("OK", "PONG")
//   integer       -> JSON number; beyond +-2^53 a decimal string (what JSON numbers hold exactly)
//   nil, nil array-> null
//   array         -> JSON array
//   error (nested, e.g. inside an EXEC answer) -> {"error": "..."}
// RESP2 has no maps, so a JSON object in a reply is always one of the two markers above.
// Caps: at most `max_items` array elements in total (all levels) and `max_bytes` of string
// bytes; past a cap the value is cut and `truncated` says which cap.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::redis {

struct redis_value {
    enum class kind { string, status, integer, nil, array, error };

    kind type = kind::nil;
    std::string text;  // string, status, error
    std::int64_t integer = 0;
    std::vector<redis_value> elements;

    static redis_value string(std::string s) { return {kind::string, std::move(s), 0, {}}; }
    static redis_value status(std::string s) { return {kind::status, std::move(s), 0, {}}; }
    static redis_value error(std::string s) { return {kind::error, std::move(s), 0, {}}; }
    static redis_value number(std::int64_t v) { return {kind::integer, {}, v, {}}; }
    static redis_value nil() { return {}; }
    static redis_value array(std::vector<redis_value> e) {
        return {kind::array, {}, 0, std::move(e)};
    }
};

/// "string", "status", "integer", "null", "array", "error".
std::string_view type_name(redis_value::kind k);

struct reply_limits {
    std::size_t max_items = 1000;
    std::size_t max_bytes = 1024 * 1024;
};

struct reply_json {
    nlohmann::json value;
    bool truncated = false;
    std::string truncated_reason;  // "max_items" or "max_result_bytes"
};

reply_json to_json(const redis_value& v, const reply_limits& limits);

/// A redis-cli-like rendering of the JSON form (what the text content shows).
std::string render_text(const nlohmann::json& reply, std::string_view top_type);

}  // namespace mcpgw::backends::redis

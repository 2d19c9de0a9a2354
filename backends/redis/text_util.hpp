#pragma once
// Small byte and text helpers the Redis source needs: Redis replies are binary-safe byte
// strings, JSON wants valid UTF-8, and error texts must never carry a credential.

#include <string>
#include <string_view>

namespace mcpgw::backends::redis {

/// ASCII lower case (Redis command names are ASCII and case-insensitive).
std::string ascii_lower(std::string_view text);

/// True when `bytes` is well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// The longest prefix of valid UTF-8 `text` not longer than `max_bytes` that does not cut a
/// character in two.
std::size_t utf8_prefix(std::string_view text, std::size_t max_bytes);

std::string base64_encode(std::string_view bytes);

/// `text` with every occurrence of `secret` replaced by "***" (no-op for an empty secret).
std::string scrub(std::string text, std::string_view secret);

}  // namespace mcpgw::backends::redis

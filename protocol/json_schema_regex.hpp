#pragma once
// Schema patterns run on RE2 (linear time, no backtracking), never std::regex: both the
// patterns and the strings they are matched against can come from untrusted peers.

#include <memory>
#include <string>
#include <string_view>

#include <re2/re2.h>

namespace mcpgw::protocol::schema_detail {

struct compiled_pattern {
    std::string source;  // as written in the schema, for messages
    std::unique_ptr<RE2> re;

    /// JSON Schema patterns are unanchored: true when the pattern matches anywhere in `text`.
    bool search(const std::string& text) const { return RE2::PartialMatch(text, *re); }
};

/// Compiles an ECMA-262 pattern. False with `error` set when RE2 cannot run it
/// (backreferences, lookaround, ...).
bool compile_pattern(std::string_view source, compiled_pattern& out, std::string& error);

}  // namespace mcpgw::protocol::schema_detail

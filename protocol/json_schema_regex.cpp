#include "json_schema_regex.hpp"

#include "json_schema_values.hpp"

namespace mcpgw::protocol::schema_detail {
namespace {

// ECMA-262 writes code points as \uXXXX; RE2 spells them \x{XXXX}. Everything else passes
// through unchanged and RE2 rejects what it does not support.
std::string ecma_to_re2(std::string_view p) {
    std::string out;
    out.reserve(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] != '\\' || i + 1 >= p.size()) {
            out.push_back(p[i]);
            continue;
        }
        bool u4 = p[i + 1] == 'u' && i + 5 < p.size();
        for (std::size_t k = 2; u4 && k < 6; ++k) {
            u4 = hex_digit(p[i + k]) >= 0;
        }
        if (u4) {
            out.append("\\x{").append(p.substr(i + 2, 4)).append("}");
            i += 5;
        } else {
            out.append(p.substr(i, 2));  // keeps "\\" pairs together so "\\u" stays literal
            ++i;
        }
    }
    return out;
}

}  // namespace

bool compile_pattern(std::string_view source, compiled_pattern& out, std::string& error) {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_encoding(RE2::Options::EncodingUTF8);
    out.source = source;
    out.re = std::make_unique<RE2>(ecma_to_re2(source), opts);
    if (!out.re->ok()) {
        error = "pattern '" + out.source + "' is not supported (RE2): " + out.re->error();
        return false;
    }
    return true;
}

}  // namespace mcpgw::protocol::schema_detail

#include "error_text.hpp"

#include <backends/sql/value_text.hpp>

namespace mcpgw::backends::postgres {
namespace {

std::string collapse_whitespace(std::string_view message) {
    std::string text;
    text.reserve(message.size());
    bool space = false;
    for (char c : message) {
        bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (ws) {
            space = !text.empty();
            continue;
        }
        if (space) {
            text += ' ';
            space = false;
        }
        text += c;
    }
    return text;
}

std::string redact(std::string text, std::string_view password) {
    if (!password.empty()) {
        std::string redacted;
        std::size_t from = 0;
        while (true) {
            auto at = text.find(password, from);
            if (at == std::string::npos) {
                redacted.append(text, from);
                break;
            }
            redacted.append(text, from, at - from);
            redacted += "***";
            from = at + password.size();
        }
        text = std::move(redacted);
    }
    return text;
}

}  // namespace

std::string sanitise(std::string_view message, std::string_view password, std::size_t max_chars) {
    // Redact before and after collapsing (a password may hold whitespace runs), and before
    // cutting, so a password straddling the cut never leaves a prefix behind.
    auto text = redact(collapse_whitespace(redact(std::string(message), password)), password);
    auto collapsed = collapse_whitespace(password);
    if (collapsed != password) {
        text = redact(std::move(text), collapsed);
    }
    if (text.size() > max_chars) {
        text.resize(max_chars);
        text += "...";
    }
    return sql::valid_utf8(text);
}

}  // namespace mcpgw::backends::postgres

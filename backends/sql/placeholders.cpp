#include "placeholders.hpp"

#include <algorithm>

namespace mcpgw::backends::sql {
namespace {

using sql_guard::sql_dialect;

bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

// Index just past a quoted run starting at `i` (s[i] is the quote); doubled quotes escape,
// and a backslash escapes in MySQL strings.
std::size_t skip_quoted(std::string_view s, std::size_t i, bool backslash) {
    char q = s[i];
    for (std::size_t k = i + 1; k < s.size(); ++k) {
        if (backslash && s[k] == '\\') {
            ++k;
            continue;
        }
        if (s[k] == q) {
            if (k + 1 < s.size() && s[k + 1] == q) {
                ++k;
                continue;
            }
            return k + 1;
        }
    }
    throw std::invalid_argument("unterminated quote in the statement");
}

// PostgreSQL $tag$...$tag$: returns the end, or npos when `i` does not start a tag.
std::size_t skip_dollar_quote(std::string_view s, std::size_t i) {
    std::size_t k = i + 1;
    while (k < s.size() && name_char(s[k]) && !(k == i + 1 && s[k] >= '0' && s[k] <= '9')) {
        ++k;
    }
    if (k >= s.size() || s[k] != '$') {
        return std::string_view::npos;
    }
    auto tag = s.substr(i, k - i + 1);
    auto end = s.find(tag, k + 1);
    if (end == std::string_view::npos) {
        throw std::invalid_argument("unterminated dollar-quoted string in the statement");
    }
    return end + tag.size();
}

}  // namespace

bound_statement bind_placeholders(std::string_view s, sql_dialect dialect) {
    bound_statement out;
    bool mysql = dialect == sql_dialect::mysql;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        std::size_t next = i + 1;
        if (c == '\'' || c == '"' || c == '`') {
            next = skip_quoted(s, i, mysql && c != '`');
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            next = std::min(s.find('\n', i), s.size());
        } else if (c == '#' && mysql) {
            next = std::min(s.find('\n', i), s.size());
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            auto end = s.find("*/", i + 2);
            if (end == std::string_view::npos) {
                throw std::invalid_argument("unterminated comment in the statement");
            }
            next = end + 2;
        } else if (c == '$' && dialect == sql_dialect::postgres) {
            auto end = skip_dollar_quote(s, i);
            next = end == std::string_view::npos ? i + 1 : end;
        } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
            next = i + 2;  // a PostgreSQL cast
        } else if (c == ':' && i + 1 < s.size() && name_start(s[i + 1])) {
            std::size_t end = i + 1;
            while (end < s.size() && name_char(s[end])) {
                ++end;
            }
            std::string name(s.substr(i + 1, end - i - 1));
            auto known = std::find(out.names.begin(), out.names.end(), name);
            if (known == out.names.end()) {
                out.names.push_back(name);
                known = out.names.end() - 1;
            }
            if (dialect == sql_dialect::postgres) {
                out.text += "$" + std::to_string(known - out.names.begin() + 1);
                if (std::find(out.order.begin(), out.order.end(), name) == out.order.end()) {
                    out.order.push_back(name);
                }
            } else {
                out.text += '?';
                out.order.push_back(name);
            }
            i = end;
            continue;
        }
        out.text.append(s.substr(i, next - i));
        i = next;
    }
    return out;
}

}  // namespace mcpgw::backends::sql

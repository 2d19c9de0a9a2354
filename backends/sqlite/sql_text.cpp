#include "sql_text.hpp"

namespace mcpgw::backends::sqlite {

bool only_trivia(std::string_view tail) {
    std::size_t i = 0;
    while (i < tail.size()) {
        char c = tail[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
            ++i;
        } else if (tail.substr(i, 2) == "--") {
            auto end = tail.find('\n', i);
            i = end == std::string_view::npos ? tail.size() : end + 1;
        } else if (tail.substr(i, 2) == "/*") {
            auto end = tail.find("*/", i + 2);
            i = end == std::string_view::npos ? tail.size() : end + 2;  // SQLite ends it at EOF too
        } else {
            return false;
        }
    }
    return true;
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
    return out;
}

}  // namespace mcpgw::backends::sqlite

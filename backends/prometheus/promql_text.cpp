#include "promql_text.hpp"

#include <cstdio>

namespace mcpgw::backends::prometheus {
namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::string promql_string(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 2);
    out += '"';
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
    return out;
}

bool is_label_name(std::string_view name) {
    if (name.empty() || !is_alpha(name.front())) {
        return false;
    }
    for (char c : name) {
        if (!is_alpha(c) && !is_digit(c)) {
            return false;
        }
    }
    return true;
}

bool is_metric_name(std::string_view name) {
    if (name.empty() || (!is_alpha(name.front()) && name.front() != ':')) {
        return false;
    }
    for (char c : name) {
        if (!is_alpha(c) && !is_digit(c) && c != ':') {
            return false;
        }
    }
    return true;
}

}  // namespace mcpgw::backends::prometheus

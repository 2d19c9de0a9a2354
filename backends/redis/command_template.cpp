#include "command_template.hpp"

#include <algorithm>

namespace mcpgw::backends::redis {
namespace {

bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

std::vector<template_piece> parse_element(const std::string& s, std::size_t index) {
    std::vector<template_piece> pieces;
    std::string literal;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '{' && i + 1 < s.size() && s[i + 1] == '{') {
            literal += '{';
            ++i;
        } else if (c == '}' && i + 1 < s.size() && s[i + 1] == '}') {
            literal += '}';
            ++i;
        } else if (c == '{') {
            auto close = s.find('}', i + 1);
            if (close == std::string::npos) {
                throw template_error(index, "unmatched '{' (write '{{' for a literal brace)");
            }
            auto name = s.substr(i + 1, close - i - 1);
            if (name.empty() || !name_start(name[0]) ||
                !std::all_of(name.begin(), name.end(), name_char)) {
                throw template_error(
                    index,
                    "'{" + name +
                        "}' is not a parameter name (letters, digits, '_'; write '{{' "
                        "for a literal brace)"
                );
            }
            if (!literal.empty()) {
                pieces.push_back({std::move(literal), false});
                literal.clear();
            }
            pieces.push_back({name, true});
            i = close;
        } else if (c == '}') {
            throw template_error(index, "unmatched '}' (write '}}' for a literal brace)");
        } else {
            literal += c;
        }
    }
    if (!literal.empty() || pieces.empty()) {
        pieces.push_back({std::move(literal), false});
    }
    return pieces;
}

}  // namespace

std::string command_template::shown(std::size_t i) const {
    std::string out;
    for (const auto& p : arguments.at(i)) {
        out += p.is_parameter ? "{" + p.text + "}" : p.text;
    }
    return out;
}

bool command_template::literal(std::size_t i) const {
    const auto& a = arguments.at(i);
    return std::none_of(a.begin(), a.end(), [](const template_piece& p) {
        return p.is_parameter;
    });
}

command_template parse_command_template(const std::vector<std::string>& elements) {
    command_template t;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        auto pieces = parse_element(elements[i], i);
        for (const auto& p : pieces) {
            if (p.is_parameter &&
                std::find(t.names.begin(), t.names.end(), p.text) == t.names.end()) {
                t.names.push_back(p.text);
            }
        }
        t.arguments.push_back(std::move(pieces));
    }
    return t;
}

std::vector<std::string>
expand(const command_template& t, const std::map<std::string, std::string>& values) {
    std::vector<std::string> out;
    out.reserve(t.arguments.size());
    for (const auto& pieces : t.arguments) {
        std::string arg;
        for (const auto& p : pieces) {
            arg += p.is_parameter ? values.at(p.text) : p.text;
        }
        out.push_back(std::move(arg));
    }
    return out;
}

}  // namespace mcpgw::backends::redis

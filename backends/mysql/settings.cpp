#include "settings.hpp"

#include <array>

namespace mcpgw::backends::mysql {

std::string_view to_string(tls_mode m) {
    switch (m) {
        case tls_mode::disable:
            return "disable";
        case tls_mode::prefer:
            return "prefer";
        case tls_mode::require:
            return "require";
    }
    return "prefer";
}

settings parse_settings(const config_node& node) {
    constexpr std::array<std::string_view, 1> extra_keys{"tls"};
    settings s;
    s.server = sql::parse_server_settings(node, 3306, extra_keys);
    auto tls = node.optional_string("tls", "prefer");
    if (tls == "disable") {
        s.tls = tls_mode::disable;
    } else if (tls == "prefer") {
        s.tls = tls_mode::prefer;
    } else if (tls == "require") {
        s.tls = tls_mode::require;
    } else {
        node.child("tls").fail(
            "unknown tls mode '" + tls + "' (allowed: disable, prefer, require)"
        );
    }
    return s;
}

}  // namespace mcpgw::backends::mysql

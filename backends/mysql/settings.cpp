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
    constexpr std::array<std::string_view, 3> extra_keys{
        "tls",
        "allow_activity_views",
        "allow_privileged_role"};
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
    const bool read_only = s.server.access == access_mode::read_only;
    s.allow_activity_views = node.optional_bool("allow_activity_views", false);
    if (s.allow_activity_views && !read_only) {
        node.child("allow_activity_views")
            .fail("only applies to read_only servers (read_write ones do not refuse them)");
    }
    s.allow_privileged_role = node.optional_bool("allow_privileged_role", false);
    if (s.allow_privileged_role && !read_only) {
        node.child("allow_privileged_role")
            .fail("only applies to read_only servers (read_write ones are not checked)");
    }
    if (read_only && !s.allow_activity_views) {
        // Unqualified names there would reach the activity views the guard looks for by
        // their schema-qualified names.
        std::string db;
        for (char c : s.server.database) {
            db += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        if (db == "information_schema" || db == "performance_schema" || db == "sys") {
            node.child("database")
                .fail(
                    "a read_only server cannot use " + s.server.database +
                    " as its database unless allow_activity_views: true (it shows other "
                    "sessions' statements)"
                );
        }
    }
    return s;
}

}  // namespace mcpgw::backends::mysql

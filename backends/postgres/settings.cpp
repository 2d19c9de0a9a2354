#include "settings.hpp"

#include "function_rules.hpp"

#include <array>
#include <string_view>

namespace mcpgw::backends::postgres {
namespace {

constexpr std::array<std::string_view, 8> postgres_keys{
    "sslmode",
    "application_name",
    "server_statement_timeout",
    "search_path",
    "strict_functions",
    "allow_functions",
    "allow_activity_views",
    "allow_privileged_role"};

constexpr std::array<std::string_view, 6>
    sslmodes{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};

bool printable_ascii(std::string_view s) {
    for (char c : s) {
        if (c < 0x20 || c > 0x7e) {
            return false;
        }
    }
    return true;
}

// A value to quote in an error: what the file says, never the ${...} expansion (which may be
// a secret), shortened like config_node's own messages.
std::string as_written(const config_node& node) {
    std::string raw = node.yaml().IsScalar() ? node.yaml().Scalar() : std::string("...");
    if (raw.size() > 60) {
        raw = raw.substr(0, 57) + "...";
    }
    return "'" + raw + "'";
}

bool lower_identifier(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
        if (!ok) {
            return false;
        }
    }
    return !(s[0] >= '0' && s[0] <= '9');
}

// "name" or "schema.name", both plain lower-case identifiers (as the server stores unquoted
// names).
bool function_entry(std::string_view s) {
    auto dot = s.find('.');
    if (dot == std::string_view::npos) {
        return lower_identifier(s);
    }
    return lower_identifier(s.substr(0, dot)) && lower_identifier(s.substr(dot + 1));
}

}  // namespace

settings parse_settings(const config_node& server) {
    settings s;
    s.server = sql::parse_server_settings(server, 5432, postgres_keys);
    s.sslmode = server.optional_string("sslmode", "prefer");
    bool known = false;
    for (auto m : sslmodes) {
        known = known || m == s.sslmode;
    }
    if (!known) {
        auto node = server.child("sslmode");
        node.fail(
            "unknown sslmode " + as_written(node) +
            " (allowed: disable, allow, prefer, require, verify-ca, verify-full)"
        );
    }
    s.application_name = server.optional_string("application_name", "mcpgw");
    // PostgreSQL truncates at 63 bytes and replaces non-ASCII with '?': refuse instead.
    if (s.application_name.size() > 63 || !printable_ascii(s.application_name)) {
        server.child("application_name").fail("must be printable ASCII, at most 63 characters");
    }
    s.server_statement_timeout =
        server.optional_duration("server_statement_timeout", s.server.statement_timeout);
    if (s.server_statement_timeout.count() <= 0) {
        server.child("server_statement_timeout").fail("must be positive");
    }
    if (auto path = server.optional_child("search_path")) {
        if (!path->is_sequence()) {
            path->fail("expected a list of schema names");
        }
        s.search_path.clear();
        for (const auto& e : path->elements()) {
            auto schema = e.as_string();
            if (schema.empty() || !printable_ascii(schema)) {
                e.fail("expected a schema name (printable ASCII), got " + as_written(e));
            }
            if (schema == "pg_catalog" || schema == "pg_temp") {
                e.fail(
                    "pg_catalog always comes first and pg_temp last in gateway sessions; leave "
                    "them out"
                );
            }
            s.search_path.push_back(std::move(schema));
        }
    }
    s.strict_functions = server.optional_bool("strict_functions", false);
    if (auto allowed = server.optional_child("allow_functions")) {
        if (!s.strict_functions) {
            allowed->fail("only used with strict_functions: true");
        }
        if (!allowed->is_sequence()) {
            allowed->fail("expected a list of function names (name or schema.name)");
        }
        for (const auto& e : allowed->elements()) {
            auto name = e.as_string();
            if (!function_entry(name)) {
                e.fail("expected a lower-case function name or schema.name, got " + as_written(e));
            }
            auto bare = name.substr(name.find('.') == std::string::npos ? 0 : name.find('.') + 1);
            auto rule = function_rule_for(bare, 0);
            if (rule.effect == function_effect::denied) {
                e.fail(
                    "'" + name + "' is refused on every server (it " + std::string(rule.why) +
                    "); allow_functions cannot allow it"
                );
            }
            if (rule.effect == function_effect::write) {
                // A write: read_write servers already allow it, read_only ones never do.
                e.fail(
                    "'" + name + "' writes (it " + std::string(rule.why) +
                    "): read_write servers allow it without allow_functions, read_only servers "
                    "never do"
                );
            }
            if (rule.effect == function_effect::activity) {
                e.fail("'" + name + "' shows other sessions' activity: use allow_activity_views");
            }
            s.allow_functions.insert(std::move(name));
        }
    }
    const bool read_only = s.server.access == access_mode::read_only;
    s.allow_activity_views = server.optional_bool("allow_activity_views", false);
    if (s.allow_activity_views && !read_only) {
        server.child("allow_activity_views")
            .fail("only applies to read_only servers (read_write ones do not refuse them)");
    }
    s.allow_privileged_role = server.optional_bool("allow_privileged_role", false);
    if (s.allow_privileged_role && !read_only) {
        server.child("allow_privileged_role")
            .fail("only applies to read_only servers (read_write ones are not checked)");
    }
    if (s.server.database.empty()) {
        s.server.database = s.server.user;  // libpq's own default, made explicit
    }
    return s;
}

}  // namespace mcpgw::backends::postgres

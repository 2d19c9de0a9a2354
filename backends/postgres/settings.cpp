#include "settings.hpp"

#include <array>
#include <string_view>

namespace mcpgw::backends::postgres {
namespace {

constexpr std::array<std::string_view, 3> postgres_keys{
    "sslmode",
    "application_name",
    "server_statement_timeout"};

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
        server.child("sslmode").fail(
            "unknown sslmode '" + s.sslmode +
            "' (allowed: disable, allow, prefer, require, verify-ca, verify-full)"
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
    if (s.server.database.empty()) {
        s.server.database = s.server.user;  // libpq's own default, made explicit
    }
    return s;
}

}  // namespace mcpgw::backends::postgres

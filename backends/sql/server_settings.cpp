#include "server_settings.hpp"

#include <backends/core/pool/pool_config.hpp>

#include <array>
#include <vector>

namespace mcpgw::backends::sql {
namespace {

constexpr std::array<std::string_view, 14> common_keys{
    "name",
    "type",
    "host",
    "port",
    "user",
    "password",
    "database",
    "access",
    "description",
    "allow",
    "max_rows",
    "max_result_bytes",
    "statement_timeout",
    "pool"};

constexpr std::array<std::string_view, 4> allowable_kinds{"delete", "ddl", "dcl", "admin"};

}  // namespace

server_settings parse_server_settings(
    const config_node& server,
    std::uint16_t default_port,
    std::span<const std::string_view> extra_keys
) {
    std::vector<std::string_view> keys(common_keys.begin(), common_keys.end());
    keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
    server.check_keys(keys);

    server_settings s;
    s.name = server.required_string("name");
    s.description = server.optional_string("description", "");
    s.host = server.required_string("host");
    if (s.host.empty()) {
        server.child("host").fail("must not be empty");
    }
    s.port = static_cast<std::uint16_t>(server.optional_int("port", default_port, 1, 65535));
    s.user = server.required_string("user");
    s.password = server.optional_string("password", "");
    s.database = server.optional_string("database", "");
    s.access = server.optional_access("access", access_mode::read_only);
    s.guard.access = s.access;
    if (auto allow = server.optional_child("allow")) {
        if (s.access != access_mode::read_write) {
            allow->fail("needs access: read_write (a read_only server never runs these)");
        }
        for (const auto& e : allow->elements()) {
            auto kind = e.as_string();
            bool known = false;
            for (auto k : allowable_kinds) {
                known = known || k == kind;
            }
            if (!known) {
                e.fail("unknown statement kind '" + kind + "' (allowed: delete, ddl, dcl, admin)");
            }
            s.guard.allowed_kinds_by_name.insert(kind);
        }
    }
    s.limits.max_rows =
        static_cast<std::size_t>(server.optional_int("max_rows", 1000, 1, 1'000'000));
    s.limits.max_result_bytes = static_cast<std::size_t>(
        server.optional_int("max_result_bytes", 1024 * 1024, 1024, std::int64_t{256} * 1024 * 1024)
    );
    s.statement_timeout = server.optional_duration("statement_timeout", std::chrono::seconds(30));
    if (s.statement_timeout.count() <= 0) {
        server.child("statement_timeout").fail("must be positive");
    }
    s.pool = pool::parse_pool_options(server.optional_child("pool"), pool::pool_options{});
    return s;
}

}  // namespace mcpgw::backends::sql

#pragma once
// A `type: mysql` server entry: the keys every networked SQL server shares
// (sql::server_settings, default port 3306) plus the MySQL-only keys:
//
//   tls: disable | prefer | require     (default prefer)
//   allow_activity_views: false          read_only: SHOW PROCESSLIST, performance_schema...
//   allow_privileged_role: false         read_only: accept a user with SUPER, FILE, PROCESS,
//                                        other administrative or any write privileges
//
// There is no `verify` mode yet: libmariadb checks the certificate's name against the address
// it connects to, and the gateway hands it an IP so DNS never blocks the event loop.

#include <backends/core/config_node.hpp>
#include <backends/sql/server_settings.hpp>

#include <string>
#include <string_view>

namespace mcpgw::backends::mysql {

enum class tls_mode {
    disable,  // plain TCP
    prefer,   // TLS when the server offers it, plain otherwise
    require,  // TLS or no connection (the certificate is not checked)
};

std::string_view to_string(tls_mode m);

struct settings {
    sql::server_settings server;
    tls_mode tls = tls_mode::prefer;
    bool allow_activity_views = false;
    bool allow_privileged_role = false;

    /// The statement guard's policy: the shared one plus allow_activity_views.
    sql_guard::guard_policy guard() const {
        auto p = server.guard;
        p.allow_activity_views = allow_activity_views;
        return p;
    }
};

/// Throws config_error naming the key and line.
settings parse_settings(const config_node& node);

}  // namespace mcpgw::backends::mysql

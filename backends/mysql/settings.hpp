#pragma once
// A `type: mysql` server entry: the keys every networked SQL server shares
// (sql::server_settings, default port 3306) plus one MySQL-only key:
//
//   tls: disable | prefer | require     (default prefer)
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
};

/// Throws config_error naming the key and line.
settings parse_settings(const config_node& node);

}  // namespace mcpgw::backends::mysql

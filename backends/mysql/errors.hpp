#pragma once
// libmariadb errors as tool results. Driver and server messages may carry connection details
// (never the password in practice, but we do not rely on that): every message passes
// sanitize() before it reaches a client, a log line or /readyz.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

// <mariadb/...>: targets that use these headers without the driver's include path (unit tests).
#include <mariadb/mysql.h>

namespace mcpgw::backends::mysql {

struct driver_error {
    unsigned int code = 0;
    std::string sqlstate;
    std::string message;  // raw: sanitise before use
};

driver_error error_of(MYSQL* m);
driver_error error_of(MYSQL_STMT* s);

/// Replaces the password (when it is long enough to be recognisable) and control characters.
std::string sanitize(std::string_view message, std::string_view password);

/// A client-side error (2000-2999) or a server error that ends the session: the connection
/// is not usable afterwards.
bool is_connection_error(unsigned int code);

/// The tool result for a failed statement on server `server`: refused (read-only
/// transaction, missing privilege, server --read-only), timeout (max_statement_time),
/// unavailable (connection lost), else backend_error. `field` names the argument at fault
/// for syntax-level errors ("sql" for <type>_query).
nlohmann::json failure_result(
    const driver_error& e,
    const std::string& server,
    std::string_view password,
    std::optional<std::string> field
);

}  // namespace mcpgw::backends::mysql

#include "errors.hpp"

#include <backends/core/tool_result.hpp>
#include <backends/sql/value_text.hpp>

#include <mysqld_error.h>

namespace mcpgw::backends::mysql {
namespace {

// MariaDB codes not in every mysqld_error.h.
constexpr unsigned int er_statement_timeout = 1969;
constexpr unsigned int er_read_only_transaction = 1792;
constexpr unsigned int er_connection_killed = 1927;

}  // namespace

driver_error error_of(MYSQL* m) {
    const char* state = mysql_sqlstate(m);
    const char* text = mysql_error(m);
    return {mysql_errno(m), state ? state : "", text ? text : ""};
}

driver_error error_of(MYSQL_STMT* s) {
    const char* state = mysql_stmt_sqlstate(s);
    const char* text = mysql_stmt_error(s);
    return {mysql_stmt_errno(s), state ? state : "", text ? text : ""};
}

std::string sanitize(std::string_view message, std::string_view password) {
    std::string out = sql::valid_utf8(message);
    for (auto& c : out) {
        if (static_cast<unsigned char>(c) < 0x20) {
            c = ' ';
        }
    }
    if (password.size() >= 3) {
        std::size_t at = 0;
        while ((at = out.find(password, at)) != std::string::npos) {
            out.replace(at, password.size(), "***");
            at += 3;
        }
    }
    return out;
}

bool is_connection_error(unsigned int code) {
    return (code >= 2000 && code < 3000) || code == er_connection_killed ||
           code == ER_SERVER_SHUTDOWN;
}

nlohmann::json failure_result(
    const driver_error& e,
    const std::string& server,
    std::string_view password,
    std::optional<std::string> field
) {
    auto message = sanitize(e.message, password);
    auto detail = "error " + std::to_string(e.code) +
                  (e.sqlstate.empty() ? "" : " (" + e.sqlstate + ")") + ": " + message;
    if (is_connection_error(e.code)) {
        return error_result(
            error_code::unavailable,
            "lost the connection to server '" + server + "': " + detail,
            std::nullopt,
            true
        );
    }
    switch (e.code) {
        case er_statement_timeout:
            return error_result(
                error_code::timeout,
                "the statement exceeded the server's max_statement_time: " + detail,
                std::nullopt,
                true
            );
        case er_read_only_transaction:
            return error_result(
                error_code::refused,
                "server '" + server + "' is read_only (read-only transaction): " + detail
            );
        case ER_OPTION_PREVENTS_STATEMENT:
        case ER_TABLEACCESS_DENIED_ERROR:
        case ER_COLUMNACCESS_DENIED_ERROR:
        case ER_SPECIFIC_ACCESS_DENIED_ERROR:
        case ER_DBACCESS_DENIED_ERROR:
        case ER_PROCACCESS_DENIED_ERROR:
            return error_result(error_code::refused, "refused by the server: " + detail);
        case ER_PARSE_ERROR:
        case ER_SYNTAX_ERROR:
            return error_result(error_code::backend_error, detail, std::move(field));
        case ER_LOCK_DEADLOCK:
        case ER_LOCK_WAIT_TIMEOUT:
            return error_result(error_code::backend_error, detail, std::nullopt, true);
        default:
            return error_result(error_code::backend_error, detail);
    }
}

}  // namespace mcpgw::backends::mysql

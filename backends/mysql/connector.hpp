#pragma once
// How the pool opens, checks, cleans and closes MySQL/MariaDB connections, and how a
// running statement is stopped on the server (KILL QUERY from a short-lived connection).
//
// connect: the host is resolved with Asio (never by the driver), then each address is tried
// until one answers; the session is set up (max_statement_time from statement_timeout,
// time_zone '+00:00', sql_mode without ANSI_QUOTES and NO_BACKSLASH_ESCAPES, and for
// read_only servers SET SESSION TRANSACTION READ ONLY). A read_only server's account is
// checked on every new connection: administrative or write privileges refuse it unless
// allow_privileged_role is set.
// reset: mysql_reset_connection (rolls back, drops temporary tables, user variables and
// session settings), then the session setup again.

#include "connection.hpp"
#include "settings.hpp"

#include <backends/core/pool/connector.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcpgw::backends::mysql {

class mysql_connector final : public pool::connector<mysql_connection> {
public:
    mysql_connector(boost::asio::any_io_executor ex, settings s);

    boost::asio::awaitable<pool::connect_result<mysql_connection>> connect(time_point deadline
    ) override;
    boost::asio::awaitable<bool> ping(mysql_connection& c, time_point deadline) override;
    boost::asio::awaitable<bool> reset(mysql_connection& c, time_point deadline) override;
    void close(mysql_connection& c) override;

    /// Sends KILL QUERY <thread_id> from a new connection (closed afterwards). Returns false
    /// when it could not be sent by `deadline`.
    /// KILL QUERY (the session stays usable), or KILL (`whole_connection`: for a connection
    /// the gateway drops anyway; a statement blocked writing to a socket nobody reads only
    /// stops when its connection is closed).
    boost::asio::awaitable<bool>
    kill_query(unsigned long thread_id, time_point deadline, bool whole_connection = false);

    /// The statements that set a fresh or reset session up (exposed for tests).
    std::string session_setup_sql(bool mariadb) const;

    /// Rows of one column: the administrative privileges of the session's account (and on
    /// MariaDB its default role) that a read_only server refuses, then its write
    /// privileges, global, per schema ("INSERT ON db.*"), per table and per column.
    static std::string privileges_sql(bool mariadb);
    /// The refused privileges in SHOW GRANTS lines ("INSERT ON db.*", "SUPER"); column lists
    /// are dropped, role grants (no ON) skipped. Nothing else of a line is kept.
    static std::vector<std::string> privileges_from_grants(const std::vector<std::string>& lines);
    /// "SUPER, FILE, INSERT ON db.*" (the first few, then "and N more").
    static std::string privileges_text(const std::vector<std::string>& found);

private:
    boost::asio::awaitable<pool::connect_result<mysql_connection>> open_connection(
        time_point deadline
    );
    boost::asio::awaitable<bool> setup_session(mysql_connection& c, time_point deadline);
    /// read_only servers: nullopt when the account is least-privilege (or accepted by
    /// allow_privileged_role, logged once), else why the connection is refused.
    boost::asio::awaitable<std::optional<std::string>>
    vet_privileges(mysql_connection& c, time_point deadline);
    std::string clean(const std::string& message) const;

    boost::asio::any_io_executor executor_;
    settings settings_;
    bool privileges_warned_ = false;
};

}  // namespace mcpgw::backends::mysql

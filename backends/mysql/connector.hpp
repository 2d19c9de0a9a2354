#pragma once
// How the pool opens, checks, cleans and closes MySQL/MariaDB connections, and how a
// running statement is stopped on the server (KILL QUERY from a short-lived connection).
//
// connect: the host is resolved with Asio (never by the driver), then each address is tried
// until one answers; the session is set up (max_statement_time from statement_timeout,
// time_zone '+00:00', and for read_only servers SET SESSION TRANSACTION READ ONLY).
// reset: mysql_reset_connection (rolls back, drops temporary tables, user variables and
// session settings), then the session setup again.

#include "connection.hpp"
#include "settings.hpp"

#include <backends/core/pool/connector.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

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
    boost::asio::awaitable<bool> kill_query(unsigned long thread_id, time_point deadline);

    /// The statements that set a fresh or reset session up (exposed for tests).
    std::string session_setup_sql(bool mariadb) const;

private:
    boost::asio::awaitable<pool::connect_result<mysql_connection>> open_connection(
        time_point deadline
    );
    boost::asio::awaitable<bool> setup_session(mysql_connection& c, time_point deadline);
    boost::asio::awaitable<void> warn_if_privileged(mysql_connection& c, time_point deadline);
    std::string clean(const std::string& message) const;

    boost::asio::any_io_executor executor_;
    settings settings_;
    bool privileges_checked_ = false;
};

}  // namespace mcpgw::backends::mysql

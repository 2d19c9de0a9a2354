#pragma once
// pool::connector for PostgreSQL: resolves the host with Asio, connects with
// PQconnectStartParams + PQconnectPoll on the event loop (re-reading PQsocket after each poll,
// since libpq may switch sockets while it tries addresses or TLS), pings with SELECT 1 and
// resets with ROLLBACK (when needed) + DISCARD ALL.
//
// Before a new connection is handed out it is vetted: on a read_only source the role's
// privileges are checked (role_check.hpp; a privileged role fails the connect, so the source
// is down with the reason in list_servers and /readyz, unless allow_privileged_role), the
// tables it could write are reported once, and a strict_functions source loads the server's
// function catalog (function_catalog.hpp).

#include "pg_connection.hpp"
#include "server_facts.hpp"
#include "settings.hpp"

#include <backends/core/pool/connector.hpp>
#include <backends/core/worker_pool.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace mcpgw::backends::postgres {

class pg_connector final : public pool::connector<pg_connection> {
public:
    pg_connector(
        settings s,
        boost::asio::any_io_executor ex,
        worker_pool* workers,
        std::shared_ptr<server_facts> facts
    );

    boost::asio::awaitable<pool::connect_result<pg_connection>> connect(time_point deadline
    ) override;
    boost::asio::awaitable<bool> ping(pg_connection& c, time_point deadline) override;
    boost::asio::awaitable<bool> reset(pg_connection& c, time_point deadline) override;
    bool needs_reset(const pg_connection& c) const override;
    void close(pg_connection& c) override;

private:
    boost::asio::awaitable<pool::connect_result<pg_connection>>
    connect_to(std::string address, time_point deadline);
    std::string failure(const std::string& why) const;
    /// Why this new connection must not be used, or nullopt (see the top of this file).
    boost::asio::awaitable<std::optional<std::string>> vet(pg_connection& c, time_point deadline);
    /// Rows of one of the gateway's own statements, or the error's message.
    boost::asio::awaitable<std::variant<json, std::string>>
    rows_of(pg_connection& c, std::string sql, time_point deadline);

    settings settings_;
    boost::asio::any_io_executor executor_;
    worker_pool* workers_;
    std::shared_ptr<server_facts> facts_;
};

}  // namespace mcpgw::backends::postgres

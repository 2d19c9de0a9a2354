#pragma once
// pool::connector for PostgreSQL: resolves the host with Asio, connects with
// PQconnectStartParams + PQconnectPoll on the event loop (re-reading PQsocket after each poll,
// since libpq may switch sockets while it tries addresses or TLS), pings with SELECT 1 and
// resets with ROLLBACK (when needed) + DISCARD ALL.

#include "pg_connection.hpp"
#include "settings.hpp"

#include <backends/core/pool/connector.hpp>
#include <backends/core/worker_pool.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <string>

namespace mcpgw::backends::postgres {

class pg_connector final : public pool::connector<pg_connection> {
public:
    pg_connector(settings s, boost::asio::any_io_executor ex, worker_pool* workers);

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
    void check_superuser(const pg_connection& c);

    settings settings_;
    boost::asio::any_io_executor executor_;
    worker_pool* workers_;
    bool warned_superuser_ = false;
};

}  // namespace mcpgw::backends::postgres

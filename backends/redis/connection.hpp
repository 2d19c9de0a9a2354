#pragma once
// A pooled Redis connection and the pool's connector for it:
//   connect: resolve the host with Asio, open the link to the address, AUTH (username and
//            password when a username is given), SELECT the db, and on a source's first
//            connection read the server's command table (COMMAND);
//   ping:    PING within the deadline;
//   reset:   nothing for a clean connection; after a command let through by `allow` only
//            (which may have changed session state): RESET, then AUTH and SELECT again;
//   close:   drop the link.
// Error texts are sanitised: host and port at most, never the password.

#include "command_table.hpp"
#include "link.hpp"
#include "settings.hpp"

#include <backends/core/pool/connector.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>

namespace mcpgw::backends::redis {

struct redis_connection {
    std::shared_ptr<redis_link> link;
    bool dirty = false;  // a command that may change session state ran (see reset)
};

/// The command table a source checks against: the recorded one until the first connection
/// reads the server's own. Shared by the source and its connector (one event-loop thread).
class table_holder {
public:
    table_holder() : table_(std::make_shared<command_table>(command_table::builtin())) {}
    std::shared_ptr<const command_table> get() const { return table_; }
    bool live() const { return live_; }
    void set_live(command_table t) {
        table_ = std::make_shared<command_table>(std::move(t));
        live_ = true;
    }

private:
    std::shared_ptr<const command_table> table_;
    bool live_ = false;
};

class redis_connector final : public pool::connector<redis_connection> {
public:
    redis_connector(
        boost::asio::any_io_executor ex,
        redis_settings settings,
        std::shared_ptr<table_holder> tables
    );

    boost::asio::awaitable<pool::connect_result<redis_connection>> connect(time_point deadline
    ) override;
    boost::asio::awaitable<bool> ping(redis_connection& c, time_point deadline) override;
    boost::asio::awaitable<bool> reset(redis_connection& c, time_point deadline) override;
    void close(redis_connection& c) override;

    /// "host:port" for messages.
    std::string where() const;
    /// `text` without the password.
    std::string sanitise(std::string text) const;

private:
    boost::asio::awaitable<std::string>
    handshake(std::shared_ptr<redis_link> link, time_point deadline);
    boost::asio::awaitable<std::string>
    read_table(std::shared_ptr<redis_link> link, time_point deadline);

    boost::asio::any_io_executor executor_;
    redis_settings settings_;
    std::shared_ptr<table_holder> tables_;
};

}  // namespace mcpgw::backends::redis

#include "connection.hpp"

#include "text_util.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcpgw::backends::redis {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// The address to hand hiredis: numeric hosts as they are, names through Asio's resolver
// (hiredis would call getaddrinfo on the event loop), bounded by the deadline.
asio::awaitable<std::string> resolve_address(
    asio::any_io_executor ex,
    std::string host,
    std::uint16_t port,
    time_point deadline,
    std::string* error
) {
    boost::system::error_code ec;
    auto numeric = asio::ip::make_address(host, ec);
    if (!ec) {
        co_return numeric.to_string();
    }
    auto resolver = std::make_shared<tcp::resolver>(ex);
    auto timer = std::make_shared<asio::steady_timer>(ex, deadline);
    timer->async_wait([resolver](boost::system::error_code e) {
        if (!e) {
            resolver->cancel();
        }
    });
    auto [rec, results] = co_await resolver->async_resolve(
        host,
        std::to_string(port),
        asio::as_tuple(asio::use_awaitable)
    );
    timer->cancel();
    if (rec) {
        *error = rec == asio::error::operation_aborted
                     ? "resolving the host timed out"
                     : "cannot resolve the host: " + rec.message();
        co_return std::string();
    }
    std::string v6;
    for (const auto& r : results) {
        auto a = r.endpoint().address();
        if (a.is_v4()) {
            co_return a.to_string();
        }
        if (v6.empty()) {
            v6 = a.to_string();
        }
    }
    if (v6.empty()) {
        *error = "the host has no address";
    }
    co_return v6;
}

bool is_status(const command_outcome& o, std::string_view text) {
    return o.result == command_outcome::status::reply &&
           o.value.type == redis_value::kind::status && o.value.text == text;
}

// Why a handshake step failed, for the connect error.
std::string failure_of(const command_outcome& o, const char* step) {
    switch (o.result) {
        case command_outcome::status::reply:
            if (o.value.type == redis_value::kind::error) {
                return std::string(step) + " failed: " + o.value.text;
            }
            return std::string(step) + " failed: unexpected reply";
        case command_outcome::status::timeout:
            return "timed out";
        case command_outcome::status::cancelled:
            return "cancelled";
        case command_outcome::status::link_error:
            return o.error;
        case command_outcome::status::too_large:
            return std::string(step) + " failed: reply too large";
    }
    return "failed";
}

}  // namespace

redis_connector::redis_connector(
    asio::any_io_executor ex,
    redis_settings settings,
    std::shared_ptr<table_holder> tables
)
    : executor_(std::move(ex)), settings_(std::move(settings)), tables_(std::move(tables)) {}

std::string redis_connector::where() const {
    return settings_.host + ":" + std::to_string(settings_.port);
}

std::string redis_connector::sanitise(std::string text) const {
    return scrub(std::move(text), settings_.password);
}

asio::awaitable<std::string>
redis_connector::handshake(std::shared_ptr<redis_link> link, time_point deadline) {
    if (!settings_.password.empty()) {
        std::vector<std::string> auth{"AUTH"};
        if (!settings_.username.empty()) {
            auth.push_back(settings_.username);
        }
        auth.push_back(settings_.password);
        auto r = co_await link->command(std::move(auth), deadline);
        if (!is_status(r, "OK")) {
            co_return failure_of(r, "AUTH");
        }
    }
    if (settings_.db != 0) {
        std::vector<std::string> select{"SELECT", std::to_string(settings_.db)};
        auto r = co_await link->command(std::move(select), deadline);
        if (!is_status(r, "OK")) {
            co_return failure_of(r, "SELECT");
        }
    }
    co_return std::string();
}

asio::awaitable<std::string>
redis_connector::read_table(std::shared_ptr<redis_link> link, time_point deadline) {
    std::vector<std::string> command{"COMMAND"};
    auto r = co_await link->command(std::move(command), deadline);
    if (r.result != command_outcome::status::reply) {
        co_return failure_of(r, "COMMAND");
    }
    try {
        auto table = command_table::from_reply(r.value);
        log::info(
            "redis command table read from the server",
            {{"server", settings_.name}, {"commands", table.size()}}
        );
        tables_->set_live(std::move(table));
    } catch (const std::invalid_argument& e) {
        // No permission for COMMAND (NOPERM) or an odd reply: keep the recorded table.
        std::string why = r.value.type == redis_value::kind::error ? r.value.text : e.what();
        log::warn(
            "redis COMMAND failed; checking commands against the recorded Redis 7.0 table",
            {{"server", settings_.name}, {"error", sanitise(why)}}
        );
    }
    co_return std::string();
}

asio::awaitable<pool::connect_result<redis_connection>> redis_connector::connect(time_point deadline
) {
    pool::connect_result<redis_connection> out;
    std::string error;
    auto address =
        co_await resolve_address(executor_, settings_.host, settings_.port, deadline, &error);
    if (address.empty()) {
        out.error = "connect to " + where() + ": " + error;
        co_return out;
    }
    auto link = std::make_shared<redis_link>(executor_);
    if (!link->open(address, settings_.port)) {
        out.error = "connect to " + where() + ": " + sanitise(link->error());
        co_return out;
    }
    error = co_await handshake(link, deadline);
    if (error.empty() && !tables_->live()) {
        error = co_await read_table(link, deadline);
    }
    if (error.empty() && settings_.password.empty() && settings_.db == 0 && link->usable()) {
        // Nothing has gone over the link yet: one PING proves it is up.
        std::vector<std::string> ping{"PING"};
        auto r = co_await link->command(std::move(ping), deadline);
        if (!is_status(r, "PONG")) {
            error = failure_of(r, "PING");
        }
    }
    if (!error.empty()) {
        link->abort();
        out.error = "connect to " + where() + ": " + sanitise(error);
        co_return out;
    }
    out.conn = std::make_unique<redis_connection>();
    out.conn->link = std::move(link);
    co_return out;
}

asio::awaitable<bool> redis_connector::ping(redis_connection& c, time_point deadline) {
    if (!c.link->usable()) {
        co_return false;
    }
    std::vector<std::string> ping{"PING"};
    auto r = co_await c.link->command(std::move(ping), deadline);
    co_return is_status(r, "PONG");
}

asio::awaitable<bool> redis_connector::reset(redis_connection& c, time_point deadline) {
    if (!c.link->usable()) {
        co_return false;
    }
    if (!c.dirty) {
        co_return true;
    }
    // RESET (Redis 6.2+) ends MULTI, WATCH, subscriptions, CLIENT REPLY/TRACKING, SELECTs
    // db 0 and de-authenticates: authenticate and select again.
    std::vector<std::string> reset{"RESET"};
    auto r = co_await c.link->command(std::move(reset), deadline);
    if (!is_status(r, "RESET")) {
        co_return false;
    }
    auto error = co_await handshake(c.link, deadline);
    c.dirty = false;
    co_return error.empty();
}

void redis_connector::close(redis_connection& c) {
    c.link->abort();
}

}  // namespace mcpgw::backends::redis

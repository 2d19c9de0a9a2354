#pragma once
// One libmariadb connection driven by the Asio event loop through the driver's non-blocking
// API (MYSQL_OPT_NONBLOCK, *_start/*_cont): the coroutine waits on the driver's socket with a
// stream_descriptor that never owns the fd (release() before the driver closes it).
//
// A call cut short (deadline, cancellation) leaves the driver in the middle of a protocol
// exchange. run() then shuts the socket down and finishes the call at once (it fails inside
// the driver), so nothing the call refers to is touched later; the connection is broken()
// from then on and must be discarded (after a KILL QUERY for the statement it was running).

#include "settings.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

// <mariadb/...>: targets that use these headers without the driver's include path (unit tests).
#include <mariadb/mysql.h>

namespace mcpgw::backends::mysql {

using time_point = std::chrono::steady_clock::time_point;

enum class op_outcome { done, timed_out, cancelled };

/// Where and how to connect: `address` is an IP address (names are resolved by Asio first,
/// so the driver never blocks on DNS).
struct connect_params {
    std::string address;
    std::uint16_t port = 3306;
    std::string user;
    std::string password;
    std::string database;
    tls_mode tls = tls_mode::prefer;
    // The client's maximum packet size (MYSQL_OPT_MAX_ALLOWED_PACKET): a row longer than
    // this is not read (CR_NET_PACKET_TOO_LARGE) instead of being buffered whole. 0: the
    // driver's default (1 GiB).
    std::size_t max_packet = 0;
};

class mysql_connection {
public:
    explicit mysql_connection(boost::asio::any_io_executor ex);
    ~mysql_connection();
    mysql_connection(const mysql_connection&) = delete;
    mysql_connection& operator=(const mysql_connection&) = delete;
    mysql_connection(mysql_connection&&) = delete;
    mysql_connection& operator=(mysql_connection&&) = delete;

    MYSQL* handle() const { return mysql_; }

    /// Connects; nullopt on success, else the driver's error (raw, sanitise before use), or
    /// a timeout/cancellation text.
    boost::asio::awaitable<std::optional<std::string>>
    open(connect_params params, time_point deadline);

    /// Runs one non-blocking driver call: `start()`, then `cont(ready)` until it returns 0.
    boost::asio::awaitable<op_outcome>
    run(std::function<int()> start, std::function<int(int)> cont, time_point deadline);

    /// True once a call was cut short or the link failed: discard the connection.
    bool broken() const { return broken_; }
    /// Shuts the socket down: later driver calls fail at once without waiting.
    void break_link();

    /// The server's connection id (for KILL QUERY from another connection).
    unsigned long thread_id() const { return thread_id_; }
    bool is_mariadb() const;

    /// Releases the socket from Asio and closes the driver handle, without waiting.
    void close();

private:
    struct wait_result {
        op_outcome outcome = op_outcome::done;
        int ready = 0;
    };
    boost::asio::awaitable<wait_result> wait(int status, time_point deadline);
    void refresh_descriptor();
    void finish_blind(int status, const std::function<int(int)>& cont);

    MYSQL* mysql_ = nullptr;
    boost::asio::posix::stream_descriptor socket_;
    boost::asio::steady_timer timer_;
    int fd_ = -1;
    bool broken_ = false;
    unsigned long thread_id_ = 0;
};

}  // namespace mcpgw::backends::mysql

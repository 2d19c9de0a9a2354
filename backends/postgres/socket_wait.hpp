#pragma once
// Waiting on a socket libpq owns, from the Asio event loop: the descriptor is only borrowed
// (released, never closed, when the wrapper goes), and every wait races a deadline timer.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace mcpgw::backends::postgres {

using time_point = std::chrono::steady_clock::time_point;

enum class io_status {
    ready,      // the socket is ready (or the operation completed)
    timed_out,  // the deadline passed
    cancelled,  // the awaiting call was cancelled (Asio cancellation)
    failed,     // the link broke or libpq reported an error
    over_cap,   // the call's read cap (pg_connection::cap_reads) is used up mid-result
};

/// A stream_descriptor on a driver's fd that releases the fd instead of closing it.
class borrowed_descriptor {
public:
    borrowed_descriptor(const boost::asio::any_io_executor& ex, int fd) : d_(ex, fd) {}
    ~borrowed_descriptor() { d_.release(); }
    borrowed_descriptor(const borrowed_descriptor&) = delete;
    borrowed_descriptor& operator=(const borrowed_descriptor&) = delete;
    borrowed_descriptor(borrowed_descriptor&&) = delete;
    borrowed_descriptor& operator=(borrowed_descriptor&&) = delete;

    boost::asio::posix::stream_descriptor& get() { return d_; }

private:
    boost::asio::posix::stream_descriptor d_;
};

/// Waits until `d` is readable (or writable when `for_write`), `deadline` passes, or the
/// awaiting coroutine is cancelled. `timer` is the caller's (reused across waits).
boost::asio::awaitable<io_status> wait_socket(
    boost::asio::posix::stream_descriptor& d,
    boost::asio::steady_timer& timer,
    bool for_write,
    time_point deadline
);

}  // namespace mcpgw::backends::postgres

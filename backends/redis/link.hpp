#pragma once
// One hiredis 0.14 async connection driven by the Asio event loop. hiredis asks for read and
// write readiness through its `ev` hooks; we wait on its socket with
// posix::stream_descriptor::async_wait and call redisAsyncHandleRead/Write. The context owns
// the socket: the descriptor is release()d before hiredis closes it. hiredis 0.14 has no
// timers, so every deadline is ours; a command that misses its deadline or is cancelled
// drops the whole link (Redis then frees the blocked client), and the pool discards it.
// Single-threaded: use from the executor's one thread only.

#include "reply.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

struct redisAsyncContext;

namespace mcpgw::backends::redis {

using time_point = std::chrono::steady_clock::time_point;

struct command_outcome {
    enum class status { reply, link_error, timeout, cancelled, too_large };
    status result = status::link_error;
    redis_value value;  // when result == reply (may be an error reply)
    std::string error;  // when link_error: hiredis's text, e.g. "Connection refused"
};

struct batch_outcome {
    command_outcome::status result = command_outcome::status::link_error;
    std::vector<redis_value> values;  // when result == reply
    std::string error;
};

class redis_link : public std::enable_shared_from_this<redis_link> {
public:
    explicit redis_link(boost::asio::any_io_executor ex);
    ~redis_link();
    redis_link(const redis_link&) = delete;
    redis_link& operator=(const redis_link&) = delete;
    redis_link(redis_link&&) = delete;
    redis_link& operator=(redis_link&&) = delete;

    /// Starts a non-blocking TCP connect to a numeric address. False (and error()) when
    /// hiredis fails at once. Completion shows in the first command's outcome.
    bool open(const std::string& ip, int port);

    /// Sends one command (each argument one RESP bulk string) and waits for its reply until
    /// `deadline`. On timeout or cancellation the link is dropped (abort()).
    boost::asio::awaitable<command_outcome>
    command(std::vector<std::string> argv, time_point deadline);

    /// Sends `commands` at once (a pipeline) and waits for all their replies until
    /// `deadline`: one round trip. On success `values` holds one reply per command, in
    /// order (error replies included). On timeout or cancellation the link is dropped.
    boost::asio::awaitable<batch_outcome>
    pipeline(std::vector<std::vector<std::string>> commands, time_point deadline);

    /// Caps the bytes the next command's reply may take on the wire (0: no cap). Past it
    /// the link is dropped and the command ends `too_large`, so a huge reply (LRANGE 0 -1 of
    /// a million elements) is never held in memory whole. Applies to one command (or one
    /// pipeline, all its replies together).
    void limit_next_reply(std::size_t bytes) { reply_limit_ = bytes; }

    /// Frees the hiredis context now: the socket closes, waiting commands complete with a
    /// link error. Idempotent.
    void abort();

    /// Not closed by either side.
    bool usable() const { return context_ != nullptr; }
    /// Why the link ended, or why open() failed (hiredis text; no credentials).
    const std::string& error() const { return error_; }

private:
    static void on_add_read(void* self);
    static void on_del_read(void* self);
    static void on_add_write(void* self);
    static void on_del_write(void* self);
    static void on_cleanup(void* self);
    static void on_connect(const redisAsyncContext* ac, int status);
    static void on_disconnect(const redisAsyncContext* ac, int status);

    void arm_read();
    void arm_write();
    void read_ready();  // the socket is readable: read, count, feed hiredis
    void detach();      // the context is going away: stop waiting on its socket

    boost::asio::any_io_executor executor_;
    boost::asio::posix::stream_descriptor socket_;
    redisAsyncContext* context_ = nullptr;
    bool want_read_ = false;
    bool want_write_ = false;
    bool read_armed_ = false;
    bool write_armed_ = false;
    std::size_t reply_limit_ = 0;  // for the command in flight; 0 = none
    std::size_t reply_bytes_ = 0;  // read since that command was sent
    bool too_large_ = false;
    std::string error_;
};

}  // namespace mcpgw::backends::redis

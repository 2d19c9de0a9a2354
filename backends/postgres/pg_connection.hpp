#pragma once
// One open libpq connection, driven by the Asio event loop: non-blocking, permanently in
// pipeline mode, its socket watched through a borrowed descriptor. Knows how many pipeline
// segments (Sync points) are still unanswered, so a statement can leave its tail (the
// DISCARD ALL that cleans the session) to be read by the pool's reset, and whether the
// session needs a DISCARD ALL at all (needs_discard).
//
// Single-threaded: used only on the event loop that created it. libpq types stay out of
// this header (forward declarations) so tests and sources need no libpq include path.

#include "socket_wait.hpp"

#include <backends/core/worker_pool.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

extern "C" {
struct pg_conn;
struct pg_result;
struct pg_cancel;
}

namespace mcpgw::backends::postgres {

struct result_deleter {
    void operator()(pg_result* r) const;
};
using result_ptr = std::unique_ptr<pg_result, result_deleter>;

class pg_connection {
public:
    /// Takes a handle that finished connecting (CONNECTION_OK); switches it to non-blocking
    /// pipeline mode. `password` only serves to redact messages.
    pg_connection(
        boost::asio::any_io_executor ex,
        pg_conn* conn,
        worker_pool* workers,
        std::string password
    );
    ~pg_connection();
    pg_connection(const pg_connection&) = delete;
    pg_connection& operator=(const pg_connection&) = delete;
    pg_connection(pg_connection&&) = delete;
    pg_connection& operator=(pg_connection&&) = delete;

    pg_conn* handle() const { return conn_; }
    bool ok() const;  // connected and in pipeline mode
    /// Reads what the server sent while the connection sat idle: false when it closed the
    /// link meanwhile (restart, idle timeout, pg_terminate_backend). Nothing is sent.
    bool still_open();
    int backend_pid() const;
    bool idle_outside_transaction() const;  // PQTRANS_IDLE
    /// libpq's current error message, sanitised.
    std::string error_message() const;
    const std::string& password() const { return password_; }

    /// Queues one statement (extended protocol: Parse/Bind/Describe/Execute; exactly one
    /// statement). `params` are text values, nullopt = NULL. False when libpq refused.
    bool send(const std::string& sql, const std::vector<std::optional<std::string>>& params);
    bool send(const char* sql);
    /// Queues the execution of a statement prepared on this session (no parameters).
    bool send_prepared(const char* name);
    /// Queues the preparation of a named statement (no parameters).
    bool prepare(const char* name, const char* sql);
    /// Queues DISCARD ALL, which also drops the named statements (control_prepared()).
    bool send_discard_all();
    /// Whether the read_only call's named control statements (BEGIN READ ONLY, ROLLBACK)
    /// exist on this session; set by whoever prepared them and read the answer.
    bool control_prepared() const { return control_prepared_; }
    void set_control_prepared(bool v) { control_prepared_ = v; }
    /// Queues a Sync (ends a pipeline segment: commit of an implicit transaction).
    bool sync();
    /// Sends everything queued, waiting for the socket as needed.
    boost::asio::awaitable<io_status> flush(time_point deadline);
    /// The next result (null at the end of each statement's results), waiting for input as
    /// needed. Keeps the segment bookkeeping: pending_syncs(), last_segment_failed().
    boost::asio::awaitable<io_status> next_result(time_point deadline, result_ptr& out);

    /// Syncs sent whose PGRES_PIPELINE_SYNC has not been read yet.
    int pending_syncs() const { return pending_syncs_; }
    /// Whether a statement of the last completed segment failed or was skipped.
    bool last_segment_failed() const { return last_segment_failed_; }
    /// Set when a call may have left session state a ROLLBACK does not undo (a prepared
    /// statement made by a function): the pool's reset then runs DISCARD ALL.
    void set_needs_discard(bool v) { needs_discard_ = v; }
    bool needs_discard() const { return needs_discard_; }

    /// Caps the bytes read from the server from now on at `bytes` (0: no cap). Past it,
    /// next_result() answers over_cap instead of reading more: the caller cancels the
    /// statement and discards the connection (reading the rest would buffer it).
    void cap_reads(std::size_t bytes) {
        read_cap_ = bytes;
        read_used_ = 0;
    }
    /// Bytes read from the server since cap_reads().
    std::size_t bytes_read() const { return read_used_; }

    /// Reads and drops results until every Sync sent was answered: ready, or timed_out
    /// (reading can go on later), or failed (the link broke or the results made no sense).
    boost::asio::awaitable<io_status> drain(time_point deadline);

    /// Asks the server to cancel the running statement (libpq 15's PQcancel blocks: it runs
    /// on the worker pool). True once the request was delivered by `deadline`.
    boost::asio::awaitable<bool> request_cancel(time_point deadline);

private:
    /// PQconsumeInput under the read cap; false when libpq failed.
    bool consume();
    bool cap_used_up() const { return read_cap_ != 0 && read_used_ >= read_cap_; }

    boost::asio::any_io_executor ex_;
    pg_conn* conn_;
    worker_pool* workers_;
    std::string password_;
    std::shared_ptr<pg_cancel> cancel_;
    std::unique_ptr<borrowed_descriptor> socket_;
    boost::asio::steady_timer timer_;
    int pending_syncs_ = 0;
    bool just_sent_ = false;  // flushed a request and read nothing since
    bool segment_failed_ = false;
    bool last_segment_failed_ = false;
    bool needs_discard_ = false;
    bool control_prepared_ = false;
    std::size_t read_cap_ = 0;
    std::size_t read_used_ = 0;
};

}  // namespace mcpgw::backends::postgres

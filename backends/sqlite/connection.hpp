#pragma once
// One SQLite connection opened the way a source's access mode demands (read-only flags,
// query_only, an authorizer, no extension loading) with a deadline/cancel check that stops a
// running statement. Used by one thread at a time (SQLITE_OPEN_NOMUTEX); only cancel() may be
// called from another thread while a statement runs.

#include <backends/core/source.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <variant>

struct sqlite3;

namespace mcpgw::backends::sqlite {

class connection {
public:
    struct options {
        std::string path;
        access_mode access = access_mode::read_only;
        std::chrono::milliseconds busy_timeout{5000};
        // SQLITE_LIMIT_LENGTH: the longest string, blob or row SQLite builds (see
        // value_limit_for). 0 keeps SQLite's default (1 GB).
        std::size_t max_value_bytes = 0;
    };

    /// The value-length limit for a source's max_result_bytes: a value longer than the cap
    /// could not be returned anyway, and bounding it is what stops randomblob(900000000) or
    /// printf('%.*c', 800000000, 'x') from allocating (the progress handler does not run
    /// inside one function call). The extra MiB lets a function build an intermediate value
    /// somewhat over the cap (length(replace(...)), a group_concat that is then cut).
    static std::size_t value_limit_for(std::size_t max_result_bytes) {
        return max_result_bytes + std::size_t{1024} * 1024;
    }

    /// Blocking: run on the worker pool (or at start-up). Returns the error text on failure.
    static std::variant<std::shared_ptr<connection>, std::string> open(const options& opts);

    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    connection(connection&&) = delete;
    connection& operator=(connection&&) = delete;

    sqlite3* handle() const { return db_; }
    access_mode access() const { return access_; }

    /// Before a call (owner's thread): clears a previous cancel and sets the deadline.
    void arm(std::chrono::steady_clock::time_point deadline);
    /// After a call (worker thread): rolls back a transaction left open, disarms the checks.
    /// Returns false when the connection should be discarded.
    bool finish_call();
    /// Any thread: stop the running statement (or the next one) as soon as possible.
    void cancel();

    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
    bool deadline_passed() const;

    /// Why the authorizer refused the last statement ("" when it did not).
    const std::string& refusal() const { return refusal_; }
    void clear_refusal() { refusal_.clear(); }

    connection(sqlite3* db, access_mode access);  // use open()

private:
    static int authorize(
        void* self,
        int action,
        const char* a,
        const char* b,
        const char* db,
        const char* trigger
    );
    static int progress(void* self);
    int refuse(std::string reason);

    sqlite3* db_;
    access_mode access_;
    std::atomic<bool> armed_{false};
    std::atomic<bool> cancelled_{false};
    std::atomic<std::int64_t> deadline_ns_{0};
    std::string refusal_;  // written by the authorizer on the statement's thread
};

}  // namespace mcpgw::backends::sqlite

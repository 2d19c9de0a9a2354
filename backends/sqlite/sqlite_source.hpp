#pragma once
// A `type: sqlite` source: one database file, a small pool of connections (one per concurrent
// call, reused) and its health. Every blocking SQLite call runs on the worker pool.

#include "connection.hpp"
#include "settings.hpp"
#include "statement_runner.hpp"

#include <backends/core/backend.hpp>
#include <backends/core/source.hpp>
#include <backends/sql/sql_source.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

namespace mcpgw::backends::sqlite {

class sqlite_source final : public sql::sql_source {
public:
    /// Opens the first connection right away (start-up, before serving): the health says
    /// whether the file opened. A broken source still constructs.
    sqlite_source(settings s, backend_runtime runtime);

    const std::string& name() const override { return settings_.name; }
    std::string_view type() const override { return "sqlite"; }
    access_mode access() const override { return settings_.access; }
    std::string description() const override { return settings_.description; }
    std::chrono::milliseconds call_timeout() const override { return settings_.timeout; }
    source_health health() const override;
    nlohmann::json stats() const override;
    void stop() override;

    // sql_source (sqlite_calls.cpp)
    sql_guard::sql_dialect dialect() const override { return sql_guard::sql_dialect::sqlite; }
    sql_guard::guard_policy guard_policy() const override { return {settings_.access, {}}; }
    boost::asio::awaitable<json> query(call_context& ctx, std::string sql) override;
    boost::asio::awaitable<json>
    query_bound(call_context& ctx, std::string sql, std::vector<json> params) override;
    boost::asio::awaitable<json> list_tables(call_context& ctx) override;
    boost::asio::awaitable<json> describe_table(call_context& ctx, std::string table) override;
    boost::asio::awaitable<json> schema(sql::time_point deadline) override;

    const settings& config() const { return settings_; }
    limits call_limits() const {
        return {settings_.max_rows, settings_.max_result_bytes, settings_.timeout};
    }

    /// Runs `job` with a pooled connection on the worker pool. Returns the job's
    /// CallToolResult, or an error result (unavailable, pool_timeout). Throws
    /// operation_aborted when the call is cancelled (after the job has stopped).
    boost::asio::awaitable<nlohmann::json> with_connection(
        std::function<nlohmann::json(connection&)> job,
        std::chrono::steady_clock::time_point deadline
    );

private:
    struct waiter {
        explicit waiter(boost::asio::any_io_executor ex) : timer(std::move(ex)) {}
        boost::asio::steady_timer timer;
        bool notified = false;  // under mutex_
    };
    using acquired = std::variant<std::shared_ptr<connection>, nlohmann::json>;

    boost::asio::awaitable<acquired> acquire(std::chrono::steady_clock::time_point deadline);
    boost::asio::awaitable<acquired> open_new();
    void release(std::shared_ptr<connection> conn, bool reusable);
    void wake_one_locked();
    void set_health(health_state state, std::string error);
    connection::options open_options() const;

    settings settings_;
    backend_runtime runtime_;
    mutable std::mutex mutex_;  // guards everything below
    std::vector<std::shared_ptr<connection>> idle_;
    std::size_t open_ = 0;
    std::size_t in_use_ = 0;
    std::deque<std::shared_ptr<waiter>> waiters_;
    source_health health_;
    std::uint64_t calls_ = 0;
    bool stopped_ = false;
};

}  // namespace mcpgw::backends::sqlite

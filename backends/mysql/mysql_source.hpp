#pragma once
// A `type: mysql` source: one MySQL/MariaDB server behind a pool of non-blocking libmariadb
// connections. Every call on a read_only server runs inside START TRANSACTION READ ONLY ...
// ROLLBACK on a session that is read-only as well; read_write servers run in autocommit.
// Client statements pass the statement guard first. A call cut short (deadline,
// notifications/cancelled, client gone) stops its statement with KILL QUERY from another
// connection and drops the working connection.

#include "connector.hpp"
#include "settings.hpp"
#include "statement_runner.hpp"

#include <backends/core/backend.hpp>
#include <backends/core/pool/pool.hpp>
#include <backends/sql/sql_source.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mcpgw::backends::mysql {

class mysql_source final : public sql::sql_source {
public:
    mysql_source(settings s, const backend_runtime& runtime);

    const std::string& name() const override { return settings_.server.name; }
    std::string_view type() const override { return "mysql"; }
    access_mode access() const override { return settings_.server.access; }
    std::string description() const override { return settings_.server.description; }
    std::chrono::milliseconds call_timeout() const override {
        return settings_.server.statement_timeout;
    }
    source_health health() const override;
    nlohmann::json stats() const override;
    void start() override;
    void stop() override;

    // sql_source (mysql_calls.cpp)
    sql_guard::sql_dialect dialect() const override { return sql_guard::sql_dialect::mysql; }
    sql_guard::guard_policy guard_policy() const override { return settings_.guard(); }
    boost::asio::awaitable<json> query(call_context& ctx, std::string sql) override;
    boost::asio::awaitable<json>
    query_bound(call_context& ctx, std::string sql, std::vector<json> params) override;
    boost::asio::awaitable<json> list_tables(call_context& ctx) override;
    boost::asio::awaitable<json> describe_table(call_context& ctx, std::string table) override;
    boost::asio::awaitable<json> schema(sql::time_point deadline) override;

    const settings& config() const { return settings_; }

private:
    /// How one statement should run.
    struct statement {
        std::string sql;
        std::vector<json> params;
        bool prepared = false;
        std::optional<std::string> field;  // argument blamed for syntax errors
    };
    using rows_or_error = std::variant<table, json>;

    /// Runs one statement with a pooled connection in the server's access mode. Returns the
    /// rows or an error result; throws operation_aborted when the call was cancelled (after
    /// the statement was stopped on the server).
    boost::asio::awaitable<rows_or_error> execute(statement st, sql::time_point deadline);
    boost::asio::awaitable<statement_result>
    run_in_transaction(mysql_connection& conn, statement st, sql::time_point deadline);
    /// KILL QUERY from another connection; false when the server could not be reached.
    boost::asio::awaitable<bool> stop_statement(unsigned long thread_id, bool whole_connection);
    json pool_failure(const pool::pool_error& e) const;

    settings settings_;
    boost::asio::any_io_executor executor_;
    std::shared_ptr<mysql_connector> connector_;
    pool::pool<mysql_connection> pool_;
};

}  // namespace mcpgw::backends::mysql

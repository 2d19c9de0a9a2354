#pragma once
// A `type: postgres` server: a pool of libpq connections (pool::pool<pg_connection>) and the
// sql_source calls on it. Every statement from a client passes the statement guard first
// (layer 3, statement_guard.hpp: PostgreSQL's own parser), runs as exactly one
// extended-protocol statement (layer 1), inside BEGIN READ ONLY ... ROLLBACK on a read_only
// server whose sessions also default to read-only (layer 2), on a connection whose role was
// checked when it opened (layer 4, role_check.hpp), and the session is reset (DISCARD ALL)
// before the connection is reused.

#include "pg_connection.hpp"
#include "server_facts.hpp"
#include "settings.hpp"
#include "statement_runner.hpp"

#include <backends/core/backend.hpp>
#include <backends/core/pool/pool.hpp>
#include <backends/sql/sql_source.hpp>

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace mcpgw::backends::postgres {

class postgres_source final : public sql::sql_source {
public:
    postgres_source(settings s, const backend_runtime& runtime);

    const std::string& name() const override { return settings_.server.name; }
    std::string_view type() const override { return "postgres"; }
    access_mode access() const override { return settings_.server.access; }
    std::string description() const override { return settings_.server.description; }
    std::chrono::milliseconds call_timeout() const override {
        return settings_.server.statement_timeout;
    }
    source_health health() const override;
    nlohmann::json stats() const override { return pool_.stats(); }
    /// Starts the pool; a read_only source with no warm connections also opens one now, so
    /// that a refused role shows as `down` at once rather than at the first call.
    void start() override;
    void stop() override { pool_.stop(); }

    // sql_source (postgres_calls.cpp)
    sql_guard::sql_dialect dialect() const override { return sql_guard::sql_dialect::postgres; }
    sql_guard::guard_policy guard_policy() const override { return settings_.server.guard; }
    boost::asio::awaitable<json> query(call_context& ctx, std::string sql) override;
    boost::asio::awaitable<json>
    query_bound(call_context& ctx, std::string sql, std::vector<json> params) override;
    boost::asio::awaitable<json> list_tables(call_context& ctx) override;
    boost::asio::awaitable<json> describe_table(call_context& ctx, std::string table) override;
    boost::asio::awaitable<json> schema(sql::time_point deadline) override;

    const settings& config() const { return settings_; }

    /// The guard's verdict on a config-declared statement (its text with $n placeholders),
    /// without the strict step (the catalog is not known before the first connection).
    sql_guard::statement_check check_declared(std::string_view bound_sql) const;

private:
    using lease = pool::lease<pg_connection>;

    /// A request in this server's mode with its caps.
    statement_request request(std::string sql, std::vector<std::optional<std::string>> params)
        const;
    /// A catalog query: always read-only, errors blame `field`.
    statement_request catalog_request(
        std::string sql,
        std::vector<std::optional<std::string>> params,
        std::string field
    ) const;

    /// A pooled connection by `deadline`, or the error result saying why not.
    boost::asio::awaitable<std::variant<lease, json>> acquire(time_point deadline);
    /// Runs one statement on `conn` and returns its table or error (as a tool result shape:
    /// the table, or the error json). Discards the connection when it is in doubt.
    boost::asio::awaitable<std::variant<table, json>>
    run(lease& conn, statement_request req, time_point deadline);
    /// acquire + run + table_result.
    boost::asio::awaitable<json> execute(statement_request req, time_point deadline);
    /// Fills in column type names the built-in table does not know (enums, domains,
    /// extension types), asking the server once per type.
    boost::asio::awaitable<void>
    name_types(lease& conn, table& t, std::vector<type_oid> types, time_point deadline);

    /// The strict_functions step, on a connection that is open (the connector loaded the
    /// catalog before handing it out): the refusal, or nullopt.
    std::optional<json> strict_refusal(const statement_facts& facts) const;

    settings settings_;
    guard_settings guard_;
    std::shared_ptr<server_facts> facts_ = std::make_shared<server_facts>();
    boost::asio::any_io_executor executor_;
    pool::pool<pg_connection> pool_;
    std::unordered_map<type_oid, std::string> type_names_;  // event loop only
};

}  // namespace mcpgw::backends::postgres

#include "postgres_source.hpp"

#include "pg_connector.hpp"

#include <backends/core/pool/failure_result.hpp>
#include <backends/core/tool_result.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <sstream>

namespace mcpgw::backends::postgres {

namespace asio = boost::asio;

postgres_source::postgres_source(settings s, const backend_runtime& runtime)
    : settings_(std::move(s)),
      guard_(settings_.guard()),
      executor_(runtime.executor),
      pool_(
          runtime.executor,
          settings_.server.pool,
          std::make_shared<pg_connector>(settings_, runtime.executor, runtime.workers, facts_)
      ) {}

namespace {

// Waits for one connection and gives it back at once.
asio::awaitable<void> open_one(asio::awaitable<pool::acquire_result<pg_connection>> acquiring) {
    auto got = co_await std::move(acquiring);
    (void)got;
}

}  // namespace

void postgres_source::start() {
    pool_.start();
    if (settings_.server.access == access_mode::read_only && settings_.server.pool.min_size == 0) {
        auto deadline = std::chrono::steady_clock::now() + settings_.server.pool.connect_timeout;
        asio::co_spawn(executor_, open_one(pool_.acquire(deadline)), asio::detached);
    }
}

source_health postgres_source::health() const {
    auto c = pool_.counts();
    if (c.last_error.empty()) {
        return {health_state::ok, ""};
    }
    // Connects fail: still serving from open connections (degraded) or not at all (down).
    return {c.size > c.opening ? health_state::degraded : health_state::down, c.last_error};
}

statement_request
postgres_source::request(std::string sql, std::vector<std::optional<std::string>> params) const {
    statement_request r;
    r.sql = std::move(sql);
    r.params = std::move(params);
    r.read_only_transaction = settings_.server.access == access_mode::read_only;
    r.limits = settings_.server.limits;
    r.server_timeout = settings_.server_statement_timeout;
    return r;
}

statement_request postgres_source::catalog_request(
    std::string sql,
    std::vector<std::optional<std::string>> params,
    std::string field
) const {
    auto r = request(std::move(sql), std::move(params));
    r.read_only_transaction = true;
    r.field = std::move(field);
    return r;
}

asio::awaitable<std::variant<postgres_source::lease, json>> postgres_source::acquire(
    time_point deadline
) {
    auto got = co_await pool_.acquire(deadline);
    // An idle connection the server closed meanwhile (a restart) is dropped before anything
    // is sent, and another one taken: each round closes one, so this ends.
    for (std::size_t i = 0; i <= settings_.server.pool.max_size; ++i) {
        if (!got.ok() || got.conn->still_open()) {
            break;
        }
        got.conn.discard();
        got.conn.release();
        got = co_await pool_.acquire(deadline);
    }
    if (got.ok()) {
        co_return std::move(got.conn);
    }
    co_return pool::failure_result(
        *got.error,
        "server '" + settings_.server.name + "'",
        settings_.server.pool.max_size
    );
}

asio::awaitable<std::variant<table, json>>
postgres_source::run(lease& conn, statement_request req, time_point deadline) {
    auto outcome = co_await run_statement(*conn, std::move(req), deadline);
    if (outcome.discard) {
        conn.discard();
    }
    if (auto* t = std::get_if<table>(&outcome.value)) {
        if (!conn.discarded()) {
            co_await name_types(conn, *t, std::move(outcome.column_types), deadline);
        }
        for (auto& c : t->columns) {
            if (c.type.empty()) {
                c.type = "unknown";
            }
        }
    }
    co_return std::move(outcome.value);
}

asio::awaitable<json> postgres_source::execute(statement_request req, time_point deadline) {
    auto got = co_await acquire(deadline);
    if (auto* error = std::get_if<json>(&got)) {
        co_return std::move(*error);
    }
    auto conn = std::get<lease>(std::move(got));
    auto result = co_await run(conn, std::move(req), deadline);
    if (auto* t = std::get_if<table>(&result)) {
        co_return table_result(std::move(*t));
    }
    co_return std::get<json>(std::move(result));
}

asio::awaitable<void> postgres_source::name_types(
    lease& conn,
    table& t,
    std::vector<type_oid> types,
    time_point deadline
) {
    std::vector<type_oid> missing;
    for (std::size_t i = 0; i < t.columns.size() && i < types.size(); ++i) {
        if (t.columns[i].type != "any" && !t.columns[i].type.empty()) {
            continue;
        }
        auto known = type_names_.find(types[i]);
        if (known == type_names_.end()) {
            missing.push_back(types[i]);
        }
    }
    if (!missing.empty()) {
        std::ostringstream list;
        list << '{';
        for (std::size_t i = 0; i < missing.size(); ++i) {
            list << (i > 0 ? "," : "") << missing[i];
        }
        list << '}';
        std::vector<std::optional<std::string>> params{list.str()};
        auto lookup = catalog_request(
            "SELECT t.oid::int8, pg_catalog.format_type(t.oid, NULL) FROM pg_catalog.pg_type t "
            "WHERE t.oid = ANY ($1::pg_catalog.oid[])",
            std::move(params),
            ""
        );
        auto outcome = co_await run_statement(*conn, std::move(lookup), deadline);
        if (outcome.discard) {
            conn.discard();
        }
        if (auto* names = std::get_if<table>(&outcome.value)) {
            for (const auto& row : names->rows) {
                if (row.size() == 2 && row[0].is_number_integer() && row[1].is_string()) {
                    type_names_[row[0].get<type_oid>()] = row[1].get<std::string>();
                }
            }
        }
    }
    for (std::size_t i = 0; i < t.columns.size() && i < types.size(); ++i) {
        if (t.columns[i].type == "any" || t.columns[i].type.empty()) {
            auto known = type_names_.find(types[i]);
            t.columns[i].type = known != type_names_.end() ? known->second : "unknown";
        }
    }
}

}  // namespace mcpgw::backends::postgres

// The sql_source calls of a PostgreSQL source. Catalog queries take names only as bound
// parameters; the client's statement passes the statement guard before it is sent.

#include "postgres_source.hpp"
#include "text_params.hpp"

#include <backends/core/tool_result.hpp>
#include <backends/sql/sql_tools.hpp>

namespace mcpgw::backends::postgres {
namespace {

namespace asio = boost::asio;

// Relations a client can query, outside the system schemas.
constexpr const char* user_relations =
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') "
    "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' ";

constexpr const char* relation_kind =
    "CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' "
    "WHEN 'm' THEN 'materialized view' ELSE 'foreign table' END";

std::string list_tables_sql() {
    return std::string("SELECT n.nspname AS schema, c.relname AS name, ") + relation_kind +
           " AS type " + user_relations + "ORDER BY 1, 2";
}

// "schema.table" (split at the first dot) or a bare name visible on the search_path; an
// exact schema-qualified match wins.
std::string find_relation_sql() {
    return std::string("SELECT c.oid::int8 ") + user_relations +
           "AND ((n.nspname = $1 AND c.relname = $2) "
           "OR (c.relname = $3 AND pg_catalog.pg_table_is_visible(c.oid))) "
           "ORDER BY (n.nspname = $1 AND c.relname = $2) DESC NULLS LAST LIMIT 1";
}

constexpr const char* describe_columns_sql =
    "SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, "
    "NOT a.attnotnull AS nullable, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS \"default\", "
    "(SELECT k.n FROM pg_catalog.pg_index i, "
    "unnest(i.indkey::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n) "
    "WHERE i.indrelid = a.attrelid AND i.indisprimary AND k.attnum = a.attnum) AS primary_key "
    "FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d "
    "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE a.attrelid = $1::pg_catalog.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY a.attnum";

std::string schema_sql() {
    return std::string("SELECT n.nspname, c.relname, ") + relation_kind +
           ", a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull " +
           "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
           "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
           "AND NOT a.attisdropped "
           "WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') "
           "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
           "ORDER BY 1, 2, a.attnum";
}

std::vector<std::optional<std::string>> no_params() {
    return {};
}

bool has_nul(const std::string& s) {
    return s.find('\0') != std::string::npos;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xE  ? 3
                        : (c >> 3) == 0x1E ? 4
                                           : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
        for (std::size_t k = 1; k < n; ++k) {
            auto d = static_cast<unsigned char>(s[i + k]);
            if ((d >> 6) != 0x2) {
                return false;
            }
            cp = (cp << 6) | (d & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF: PostgreSQL refuses them.
        constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n;
    }
    return true;
}

json schema_from_rows(const std::string& server, const table& t) {
    json tables = json::array();
    for (const auto& row : t.rows) {
        if (tables.empty() || tables.back().at("schema") != row.at(0) ||
            tables.back().at("name") != row.at(1)) {
            tables.push_back(
                {{"schema", row.at(0)},
                 {"name", row.at(1)},
                 {"kind", row.at(2)},
                 {"columns", json::array()}}
            );
        }
        tables.back()["columns"].push_back(
            {{"name", row.at(3)}, {"type", row.at(4)}, {"nullable", row.at(5)}}
        );
    }
    json out = {{"server", server}, {"type", "postgres"}, {"tables", std::move(tables)}};
    if (t.truncated) {
        out["truncated"] = true;
    }
    return out;
}

}  // namespace

asio::awaitable<json> postgres_source::query(call_context& ctx, std::string sql) {
    if (has_nul(sql)) {
        co_return error_result(
            error_code::invalid_argument,
            "the SQL text contains a NUL byte",
            "sql"
        );
    }
    if (!valid_utf8(sql)) {
        // The session's client_encoding is UTF8: the server would refuse it too, and the
        // guard reads only text the server reads the same way.
        co_return error_result(
            error_code::invalid_argument,
            "the SQL text is not valid UTF-8",
            "sql"
        );
    }
    auto facts = analyse_statement(sql);
    if (facts.parse_error && facts.parse_error->what == parse_failure::kind::grammar) {
        // What the server would answer (the same grammar), without sending it.
        co_return error_result(
            error_code::backend_error,
            "postgres: " + describe(*facts.parse_error),
            "sql"
        );
    }
    auto check = judge_statement(facts, guard_);
    if (!check.allowed()) {
        co_return error_result(error_code::refused, check.refused->reason, "sql");
    }
    auto deadline = sql::call_deadline(ctx, *this);
    // Named locals, not temporaries, inside co_await (GCC 12).
    auto req = request(std::move(sql), no_params());
    if (!guard_.strict_functions) {
        co_return co_await execute(std::move(req), deadline);
    }
    // Strict: the verdict needs the server's catalog, which the connector loads before it
    // hands out a new connection.
    auto got = co_await acquire(deadline);
    if (auto* error = std::get_if<json>(&got)) {
        co_return std::move(*error);
    }
    auto conn = std::get<lease>(std::move(got));
    if (auto refused = strict_refusal(facts)) {
        co_return std::move(*refused);
    }
    auto result = co_await run(conn, std::move(req), deadline);
    if (auto* t = std::get_if<table>(&result)) {
        co_return table_result(std::move(*t));
    }
    co_return std::get<json>(std::move(result));
}

std::optional<json> postgres_source::strict_refusal(const statement_facts& facts) const {
    auto catalog = facts_->catalog();
    if (!catalog) {
        return error_result(
            error_code::unavailable,
            "server '" + name() + "': the function catalog for strict_functions is not loaded",
            std::nullopt,
            true
        );
    }
    if (auto r = judge_strict(facts, guard_, *catalog)) {
        return error_result(error_code::refused, r->reason, "sql");
    }
    return std::nullopt;
}

sql_guard::statement_check postgres_source::check_declared(std::string_view bound_sql) const {
    return check_statement(bound_sql, guard_);
}

asio::awaitable<json>
postgres_source::query_bound(call_context& ctx, std::string sql, std::vector<json> params) {
    std::vector<std::optional<std::string>> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        auto v = text_param(p);
        if (!v) {
            co_return error_result(
                error_code::invalid_argument,
                "a parameter value contains a NUL byte"
            );
        }
        values.push_back(std::move(*v));
    }
    auto deadline = sql::call_deadline(ctx, *this);
    auto req = request(std::move(sql), std::move(values));
    if (!guard_.strict_functions) {
        // Checked once, when the configuration was read (postgres_backend.cpp).
        co_return co_await execute(std::move(req), deadline);
    }
    auto got = co_await acquire(deadline);
    if (auto* error = std::get_if<json>(&got)) {
        co_return std::move(*error);
    }
    auto conn = std::get<lease>(std::move(got));
    auto facts = analyse_statement(req.sql);
    if (auto refused = strict_refusal(facts)) {
        co_return std::move(*refused);
    }
    auto result = co_await run(conn, std::move(req), deadline);
    if (auto* t = std::get_if<table>(&result)) {
        co_return table_result(std::move(*t));
    }
    co_return std::get<json>(std::move(result));
}

asio::awaitable<json> postgres_source::list_tables(call_context& ctx) {
    auto deadline = sql::call_deadline(ctx, *this);
    auto req = catalog_request(list_tables_sql(), no_params(), "");
    co_return co_await execute(std::move(req), deadline);
}

asio::awaitable<json> postgres_source::describe_table(call_context& ctx, std::string name) {
    if (name.empty() || has_nul(name)) {
        co_return error_result(error_code::invalid_argument, "give a table name", "table");
    }
    auto deadline = sql::call_deadline(ctx, *this);
    auto got = co_await acquire(deadline);
    if (auto* error = std::get_if<json>(&got)) {
        co_return std::move(*error);
    }
    auto conn = std::get<lease>(std::move(got));
    std::optional<std::string> schema_part;
    std::optional<std::string> table_part;
    if (auto dot = name.find('.'); dot != std::string::npos) {
        schema_part = name.substr(0, dot);
        table_part = name.substr(dot + 1);
    }
    std::vector<std::optional<std::string>> find_params{schema_part, table_part, name};
    auto find = catalog_request(find_relation_sql(), std::move(find_params), "table");
    auto found = co_await run(conn, std::move(find), deadline);
    auto* t = std::get_if<table>(&found);
    if (t == nullptr) {
        co_return std::get<json>(std::move(found));
    }
    if (t->rows.empty()) {
        co_return error_result(
            error_code::not_found,
            "no table or view named '" + name + "' (use schema.table or a name on the search_path)",
            "table"
        );
    }
    std::vector<std::optional<std::string>> column_params{t->rows[0][0].dump()};
    auto describe = catalog_request(describe_columns_sql, std::move(column_params), "table");
    auto columns = co_await run(conn, std::move(describe), deadline);
    if (auto* c = std::get_if<table>(&columns)) {
        co_return table_result(std::move(*c));
    }
    co_return std::get<json>(std::move(columns));
}

asio::awaitable<json> postgres_source::schema(sql::time_point deadline) {
    auto req = catalog_request(schema_sql(), no_params(), "");
    auto result = co_await execute(std::move(req), deadline);
    if (result.value("isError", false)) {
        co_return result;
    }
    const auto& s = result["structuredContent"];
    table t;
    t.rows = s.value("rows", json::array());
    t.truncated = s.value("truncated", false);
    co_return schema_from_rows(name(), t);
}

}  // namespace mcpgw::backends::postgres

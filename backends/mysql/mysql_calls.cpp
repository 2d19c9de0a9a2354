// The sql_source calls of a MySQL/MariaDB source: the client's statement (guarded), config-
// declared statements (prepared, values bound), and the catalog queries on
// information_schema (names only ever bound, never spliced).

#include "mysql_source.hpp"

#include <backends/core/tool_result.hpp>
#include <backends/sql/sql_tools.hpp>

namespace mcpgw::backends::mysql {
namespace {

namespace asio = boost::asio;

constexpr const char* system_schemas =
    "('mysql', 'information_schema', 'performance_schema', 'sys')";

// The configured database, or every schema but the system ones when none is configured.
std::string schema_scope(const std::string& column, bool has_database) {
    if (has_database) {
        return column + " = DATABASE()";
    }
    return column + " NOT IN " + system_schemas;
}

std::string table_kind(const std::string& table_type_column) {
    return "CASE " + table_type_column +
           " WHEN 'BASE TABLE' THEN 'table' WHEN 'SYSTEM VERSIONED' THEN 'table' "
           "WHEN 'VIEW' THEN 'view' ELSE LOWER(" +
           table_type_column + ") END";
}

std::string list_tables_sql(bool has_database) {
    return "SELECT TABLE_SCHEMA AS `schema`, TABLE_NAME AS name, " + table_kind("TABLE_TYPE") +
           " AS type FROM information_schema.TABLES WHERE " +
           schema_scope("TABLE_SCHEMA", has_database) + " ORDER BY TABLE_SCHEMA, TABLE_NAME";
}

// ? 1: schema (NULL = the session's database), ? 2: table.
constexpr const char* describe_sql =
    "SELECT c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable, "
    "c.COLUMN_DEFAULT AS `default`, k.ORDINAL_POSITION AS primary_key "
    "FROM information_schema.COLUMNS AS c "
    "LEFT JOIN information_schema.KEY_COLUMN_USAGE AS k ON k.CONSTRAINT_NAME = 'PRIMARY' "
    "AND k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME "
    "AND k.COLUMN_NAME = c.COLUMN_NAME "
    "WHERE c.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND c.TABLE_NAME = ? "
    "ORDER BY c.ORDINAL_POSITION";

std::string schema_sql(bool has_database) {
    return "SELECT c.TABLE_SCHEMA, c.TABLE_NAME, " + table_kind("t.TABLE_TYPE") +
           ", c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE "
           "FROM information_schema.COLUMNS AS c JOIN information_schema.TABLES AS t "
           "ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME WHERE " +
           schema_scope("c.TABLE_SCHEMA", has_database) +
           " ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION";
}

// "db.table" -> (db, table); a bare name -> (null, name). Both readings are tried for a
// name with a dot, the bare one first (a table may have a dot in its name).
std::vector<std::pair<json, std::string>> name_readings(const std::string& name) {
    std::vector<std::pair<json, std::string>> out{{json(), name}};
    auto dot = name.find('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < name.size()) {
        out.emplace_back(json(name.substr(0, dot)), name.substr(dot + 1));
    }
    return out;
}

}  // namespace

asio::awaitable<json> mysql_source::query(call_context& ctx, std::string sql) {
    auto check = sql_guard::check_statement(sql, sql_guard::sql_dialect::mysql, guard_policy());
    if (!check.allowed()) {
        co_return error_result(error_code::refused, check.refused->reason, "sql");
    }
    statement st{std::move(sql), {}, false, "sql"};
    auto r = co_await execute(std::move(st), sql::call_deadline(ctx, *this));
    if (auto* t = std::get_if<table>(&r)) {
        co_return table_result(std::move(*t));
    }
    co_return std::get<json>(std::move(r));
}

asio::awaitable<json>
mysql_source::query_bound(call_context& ctx, std::string sql, std::vector<json> params) {
    statement st{std::move(sql), std::move(params), true, std::nullopt};
    auto r = co_await execute(std::move(st), sql::call_deadline(ctx, *this));
    if (auto* t = std::get_if<table>(&r)) {
        co_return table_result(std::move(*t));
    }
    co_return std::get<json>(std::move(r));
}

asio::awaitable<json> mysql_source::list_tables(call_context& ctx) {
    statement st{list_tables_sql(!settings_.server.database.empty()), {}, false, std::nullopt};
    auto r = co_await execute(std::move(st), sql::call_deadline(ctx, *this));
    if (auto* t = std::get_if<table>(&r)) {
        co_return table_result(std::move(*t));
    }
    co_return std::get<json>(std::move(r));
}

asio::awaitable<json> mysql_source::describe_table(call_context& ctx, std::string table_name) {
    auto deadline = sql::call_deadline(ctx, *this);
    for (auto& [schema, name] : name_readings(table_name)) {
        std::vector<json> params{schema, json(name)};
        statement st{describe_sql, std::move(params), true, std::nullopt};
        auto r = co_await execute(std::move(st), deadline);
        auto* t = std::get_if<table>(&r);
        if (t == nullptr) {
            co_return std::get<json>(std::move(r));
        }
        if (t->rows.empty()) {
            continue;
        }
        for (auto& row : t->rows) {
            row[2] = row[2] == "YES";  // nullable as a boolean
        }
        t->columns[2].type = "boolean";
        co_return table_result(std::move(*t));
    }
    co_return error_result(
        error_code::not_found,
        "no table or view named '" + table_name + "' on server '" + name() + "'",
        "table"
    );
}

asio::awaitable<json> mysql_source::schema(sql::time_point deadline) {
    bool has_database = !settings_.server.database.empty();
    statement st{schema_sql(has_database), {}, false, std::nullopt};
    rows_or_error r;
    try {
        r = co_await execute(std::move(st), deadline);
    } catch (const boost::system::system_error&) {
        co_return error_result(error_code::cancelled, "the schema read was cancelled");
    }
    if (auto* failure = std::get_if<json>(&r)) {
        co_return std::move(*failure);
    }
    const auto& t = std::get<table>(r);
    json tables = json::array();
    for (const auto& row : t.rows) {
        auto table_name = has_database
                              ? row.at(1).get<std::string>()
                              : row.at(0).get<std::string>() + "." + row.at(1).get<std::string>();
        if (tables.empty() || tables.back().at("name") != table_name) {
            tables.push_back({{"name", table_name}, {"kind", row.at(2)}, {"columns", json::array()}}
            );
        }
        tables.back()["columns"].push_back(
            {{"name", row.at(3)}, {"type", row.at(4)}, {"nullable", row.at(5) == "YES"}}
        );
    }
    json out = {{"server", name()}, {"type", "mysql"}, {"tables", std::move(tables)}};
    if (t.truncated) {
        out["truncated"] = true;
    }
    co_return out;
}

}  // namespace mcpgw::backends::mysql

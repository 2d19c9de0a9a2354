#include "statement_runner.hpp"

#include "sql_text.hpp"
#include "value_json.hpp"

#include <backends/sql/table_builder.hpp>
#include <backends/sql/value_text.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>

#include <sqlite3.h>

namespace mcpgw::backends::sqlite {
namespace {

struct stmt_deleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using stmt_ptr = std::unique_ptr<sqlite3_stmt, stmt_deleter>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

json failure(connection& conn, int rc, const limits& lim) {
    int primary = rc & 0xFF;
    std::string message = sqlite3_errmsg(conn.handle());
    if (primary == SQLITE_AUTH || !conn.refusal().empty()) {
        return error_result(error_code::refused, conn.refusal().empty() ? message : conn.refusal());
    }
    if (primary == SQLITE_INTERRUPT) {
        if (conn.cancelled()) {
            return error_result(error_code::cancelled, "the statement was cancelled");
        }
        return error_result(
            error_code::timeout,
            "the statement did not finish within " + std::to_string(lim.timeout.count()) + " ms",
            std::nullopt,
            true
        );
    }
    if (primary == SQLITE_TOOBIG) {
        // SQLITE_LIMIT_LENGTH, set from max_result_bytes (connection::value_limit_for).
        return error_result(
            error_code::refused,
            "a string or blob in this statement would be longer than " +
                std::to_string(connection::value_limit_for(lim.max_result_bytes)) +
                " bytes, the limit for one value on this server (max_result_bytes " +
                std::to_string(lim.max_result_bytes) + " + 1 MiB)"
        );
    }
    if (primary == SQLITE_READONLY && conn.access() == access_mode::read_only) {
        return error_result(error_code::refused, "the server is read_only: " + message);
    }
    bool retryable = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    return error_result(error_code::backend_error, "sqlite: " + message, std::nullopt, retryable);
}

void bind_value(sqlite3_stmt* stmt, int index, const json& value) {
    if (value.is_boolean()) {
        sqlite3_bind_int(stmt, index, value.get<bool>() ? 1 : 0);
    } else if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        auto text = std::to_string(value.get<std::uint64_t>());
        sqlite3_bind_text(
            stmt,
            index,
            text.data(),
            static_cast<int>(text.size()),
            SQLITE_TRANSIENT
        );
    } else if (value.is_number_integer()) {
        sqlite3_bind_int64(stmt, index, value.get<std::int64_t>());
    } else if (value.is_number()) {
        sqlite3_bind_double(stmt, index, value.get<double>());
    } else if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        sqlite3_bind_text(
            stmt,
            index,
            text.data(),
            static_cast<int>(text.size()),
            SQLITE_TRANSIENT
        );
    } else {
        sqlite3_bind_null(stmt, index);
    }
}

}  // namespace

outcome run_statement(
    connection& conn,
    std::string_view sql,
    const std::vector<json>& params,
    const limits& lim,
    std::string_view sql_field
) {
    if (conn.cancelled()) {
        return error_result(error_code::cancelled, "the statement was cancelled");
    }
    conn.clear_refusal();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc =
        sqlite3_prepare_v3(conn.handle(), sql.data(), static_cast<int>(sql.size()), 0, &raw, &tail);
    stmt_ptr stmt(raw);
    if (rc != SQLITE_OK) {
        return failure(conn, rc, lim);
    }
    if (!stmt) {
        return error_result(
            error_code::invalid_argument,
            "no SQL statement found",
            std::string(sql_field)
        );
    }
    auto rest = std::string_view(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (!only_trivia(rest)) {
        return error_result(
            error_code::refused,
            "only one statement per call",
            std::string(sql_field)
        );
    }
    if (conn.access() == access_mode::read_only && sqlite3_stmt_readonly(stmt.get()) == 0) {
        return error_result(
            error_code::refused,
            "the server is read_only: the statement would write"
        );
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        bind_value(stmt.get(), static_cast<int>(i + 1), params[i]);
    }

    sql::table_builder builder({lim.max_rows, lim.max_result_bytes});
    int ncols = sqlite3_column_count(stmt.get());
    std::vector<column> columns;
    for (int i = 0; i < ncols; ++i) {
        const char* name = sqlite3_column_name(stmt.get(), i);
        const char* decl = sqlite3_column_decltype(stmt.get(), i);
        columns.push_back({sql::valid_utf8(name ? name : ""), decl ? lower(decl) : ""});
    }
    builder.set_columns(std::move(columns));
    bool first_row = true;
    while (true) {
        rc = sqlite3_step(stmt.get());
        if (rc == SQLITE_DONE) {
            break;
        }
        if (rc != SQLITE_ROW) {
            return failure(conn, rc, lim);
        }
        if (first_row) {
            // Expressions have no declared type: name the first row's storage class instead.
            for (int i = 0; i < ncols; ++i) {
                auto& c = builder.columns()[static_cast<std::size_t>(i)];
                if (c.type.empty()) {
                    c.type = storage_class(stmt.get(), i);
                }
            }
            first_row = false;
        }
        json row = json::array();
        for (int i = 0; i < ncols; ++i) {
            row.push_back(column_value(stmt.get(), i));
        }
        if (!builder.add_row(std::move(row))) {
            break;
        }
    }
    return builder.finish();
}

json to_result(outcome o) {
    if (auto* t = std::get_if<table>(&o)) {
        return table_result(std::move(*t));
    }
    return std::get<json>(std::move(o));
}

}  // namespace mcpgw::backends::sqlite

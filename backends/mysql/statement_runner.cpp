#include "statement_runner.hpp"

#include "value_mapping.hpp"

#include <backends/sql/value_text.hpp>

#include <cmath>
#include <functional>
#include <memory>

namespace mcpgw::backends::mysql {

namespace asio = boost::asio;
using json = nlohmann::json;

namespace {

// Rows read and dropped after a cap before giving up on the connection instead; the bytes
// of those rows are bounded too (by max_result_bytes), so a result of huge rows is not read
// to the end just to keep the connection.
constexpr std::size_t drain_rows = 10'000;

// A row longer than the client's maximum packet size (connect_params::max_packet, sized from
// max_result_bytes): libmariadb stops reading it before allocating more and closes the link.
// It reports CR_NET_PACKET_TOO_LARGE (2020) in some versions and CR_SERVER_LOST (2013) in
// Debian 12's 3.3, the same as a server that went away; the caller tells the two apart by
// reaching the server again (statement_result::cut_at_packet_limit).
bool packet_limit_error(unsigned int code) {
    return code == 2020 || code == 2013;
}

std::size_t row_bytes(const unsigned long* lengths, std::size_t n) {
    std::size_t total = 0;
    for (std::size_t i = 0; i < n && lengths != nullptr; ++i) {
        total += lengths[i];
    }
    return total;
}

// Marks a table cut at a row that does not fit the byte cap.
void mark_too_large(table& t) {
    if (!t.truncated) {
        t.truncated = true;
        t.truncated_reason = "max_result_bytes";
    }
}

std::vector<field_info> fields_of(MYSQL_RES* meta, std::vector<column>& columns) {
    std::vector<field_info> out;
    unsigned int n = mysql_num_fields(meta);
    MYSQL_FIELD* fields = mysql_fetch_fields(meta);
    for (unsigned int i = 0; i < n; ++i) {
        out.push_back(describe_field(fields[i]));
        std::string name(fields[i].name, fields[i].name_length);
        columns.push_back({sql::valid_utf8(name), type_name(out.back())});
    }
    return out;
}

table affected_rows_table(sql::result_limits limits, my_ulonglong affected) {
    sql::table_builder builder(limits);
    builder.set_columns({{"affected_rows", "bigint unsigned"}});
    json row = json::array();
    row.push_back(sql::unsigned_value(affected));
    builder.add_row(std::move(row));
    return builder.finish();
}

void note_driver_error(mysql_connection& conn, statement_result& out, driver_error e) {
    if (is_connection_error(e.code)) {
        conn.break_link();
    }
    out.error = std::move(e);
}

// Frees a text-protocol result (reading what is left of it, which is nothing or fails at
// once when the link was shut down).
asio::awaitable<void> free_result(mysql_connection& conn, MYSQL_RES* res, time_point deadline) {
    std::function<int()> start = [res]() {
        return mysql_free_result_start(res);
    };
    std::function<int(int)> cont = [res](int ready) {
        return mysql_free_result_cont(res, ready);
    };
    co_await conn.run(std::move(start), std::move(cont), deadline);
}

// Further result sets (a CALL returns one per SELECT inside plus a status): a statement is
// one call, so they are read and dropped, or the link is shut down when there are too many.
asio::awaitable<void> drop_more_results(mysql_connection& conn, time_point deadline) {
    MYSQL* m = conn.handle();
    for (int sets = 0; mysql_more_results(m) != 0 && !conn.broken(); ++sets) {
        if (sets >= 16) {
            conn.break_link();
            co_return;
        }
        int ret = 0;
        std::function<int()> start = [&]() {
            return mysql_next_result_start(&ret, m);
        };
        std::function<int(int)> cont = [&](int ready) {
            return mysql_next_result_cont(&ret, m, ready);
        };
        if (co_await conn.run(std::move(start), std::move(cont), deadline) != op_outcome::done ||
            ret > 0) {
            conn.break_link();
            co_return;
        }
        if (mysql_field_count(m) == 0) {
            continue;
        }
        MYSQL_RES* res = mysql_use_result(m);
        if (res == nullptr) {
            conn.break_link();
            co_return;
        }
        // Reading the rest is free_result's job; it is bounded by the deadline.
        co_await free_result(conn, res, deadline);
    }
}

// One text-protocol row as JSON.
json row_of(MYSQL_ROW row, const unsigned long* lengths, const std::vector<field_info>& fields) {
    json out = json::array();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (row[i] == nullptr) {
            out.push_back(nullptr);
        } else {
            out.push_back(value_of(fields[i], std::string_view(row[i], lengths[i])));
        }
    }
    return out;
}

}  // namespace

asio::awaitable<statement_result>
run_text(mysql_connection& conn, std::string sql, sql::result_limits limits, time_point deadline) {
    statement_result out;
    MYSQL* m = conn.handle();
    int err = 0;
    std::function<int()> start = [&]() {
        return mysql_real_query_start(&err, m, sql.data(), sql.size());
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_real_query_cont(&err, m, ready);
    };
    out.outcome = co_await conn.run(std::move(start), std::move(cont), deadline);
    if (out.outcome != op_outcome::done) {
        co_return out;
    }
    if (err != 0) {
        note_driver_error(conn, out, error_of(m));
        co_return out;
    }
    if (mysql_field_count(m) == 0) {
        out.rows = affected_rows_table(limits, mysql_affected_rows(m));
        co_await drop_more_results(conn, deadline);
        co_return out;
    }
    MYSQL_RES* res = mysql_use_result(m);
    if (res == nullptr) {
        note_driver_error(conn, out, error_of(m));
        co_return out;
    }
    sql::table_builder builder(limits);
    std::vector<column> columns;
    auto fields = fields_of(res, columns);
    builder.set_columns(std::move(columns));

    MYSQL_ROW row = nullptr;
    std::function<int()> fetch_start = [&]() {
        return mysql_fetch_row_start(&row, res);
    };
    std::function<int(int)> fetch_cont = [&](int ready) {
        return mysql_fetch_row_cont(&row, res, ready);
    };
    bool ended = false;
    bool too_large = false;
    std::size_t dropped = 0;
    std::size_t dropped_bytes = 0;
    while (true) {
        out.outcome = co_await conn.run(fetch_start, fetch_cont, deadline);
        if (out.outcome != op_outcome::done) {
            break;
        }
        if (row == nullptr) {
            if (packet_limit_error(mysql_errno(m))) {
                too_large = true;  // not ended: the link is shut and the statement killed
                break;
            }
            ended = true;
            // An error past a cap (while dropping the rest) does not undo the rows we have.
            if (mysql_errno(m) != 0 &&
                (builder.wants_rows() || is_connection_error(mysql_errno(m)))) {
                note_driver_error(conn, out, error_of(m));
            }
            break;
        }
        if (builder.wants_rows()) {
            builder.add_row(row_of(row, mysql_fetch_lengths(res), fields));
        } else {
            dropped_bytes += row_bytes(mysql_fetch_lengths(res), fields.size());
            if (++dropped > drain_rows || dropped_bytes > limits.max_result_bytes) {
                break;
            }
        }
    }
    if (out.outcome == op_outcome::done && !ended) {
        conn.break_link();  // too much left to read: the server stops when its writes fail
        out.abandoned = true;
    }
    co_await free_result(conn, res, deadline);
    if (out.outcome != op_outcome::done || out.error) {
        co_return out;
    }
    out.rows = builder.finish();
    if (too_large) {
        mark_too_large(*out.rows);
        out.cut_at_packet_limit = true;
    }
    co_await drop_more_results(conn, deadline);
    co_return out;
}

namespace {

// Storage for the bound parameter values; MYSQL_BIND points into it.
struct parameter_binds {
    std::vector<MYSQL_BIND> binds;
    std::vector<long long> integers;
    std::vector<double> reals;
    std::vector<signed char> flags;
    std::vector<std::string> texts;
    std::vector<unsigned long> lengths;

    explicit parameter_binds(const std::vector<json>& params) {
        auto n = params.size();
        binds.resize(n);
        integers.resize(n);
        reals.resize(n);
        flags.resize(n);
        texts.resize(n);
        lengths.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            auto& b = binds[i];
            const auto& v = params[i];
            if (v.is_boolean()) {
                flags[i] = v.get<bool>() ? 1 : 0;
                b.buffer_type = MYSQL_TYPE_TINY;
                b.buffer = &flags[i];
            } else if (v.is_number_unsigned()) {
                integers[i] = static_cast<long long>(v.get<std::uint64_t>());
                b.buffer_type = MYSQL_TYPE_LONGLONG;
                b.buffer = &integers[i];
                b.is_unsigned = 1;
            } else if (v.is_number_integer()) {
                integers[i] = v.get<std::int64_t>();
                b.buffer_type = MYSQL_TYPE_LONGLONG;
                b.buffer = &integers[i];
            } else if (v.is_number()) {
                reals[i] = v.get<double>();
                b.buffer_type = MYSQL_TYPE_DOUBLE;
                b.buffer = &reals[i];
            } else if (v.is_string()) {
                texts[i] = v.get<std::string>();
                lengths[i] = texts[i].size();
                b.buffer_type = MYSQL_TYPE_STRING;
                b.buffer = texts[i].data();
                b.buffer_length = lengths[i];
                b.length = &lengths[i];
            } else {
                b.buffer_type = MYSQL_TYPE_NULL;
            }
        }
    }
};

// Every result column is fetched as a string (the driver converts), so the prepared path
// maps values exactly like the text protocol; buffers are sized per value with
// mysql_stmt_fetch_column (the row is already in memory; no I/O). FLOAT and DOUBLE are the
// exception: the driver cannot size their text, so they are fetched as doubles.
struct result_binds {
    std::vector<MYSQL_BIND> binds;
    std::vector<unsigned long> lengths;
    std::vector<my_bool> nulls;
    std::vector<my_bool> errors;
    std::vector<double> reals;

    explicit result_binds(const std::vector<field_info>& fields)
        : binds(fields.size()),
          lengths(fields.size()),
          nulls(fields.size()),
          errors(fields.size()),
          reals(fields.size()) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (is_real(fields[i])) {
                binds[i].buffer_type = MYSQL_TYPE_DOUBLE;
                binds[i].buffer = &reals[i];
                binds[i].buffer_length = sizeof(double);
            } else {
                binds[i].buffer_type = MYSQL_TYPE_STRING;
                binds[i].buffer = nullptr;
                binds[i].buffer_length = 0;
            }
            binds[i].length = &lengths[i];
            binds[i].is_null = &nulls[i];
            binds[i].error = &errors[i];
        }
    }

    static bool is_real(const field_info& f) {
        return !f.json && (f.type == MYSQL_TYPE_FLOAT || f.type == MYSQL_TYPE_DOUBLE);
    }

    json row(MYSQL_STMT* stmt, const std::vector<field_info>& fields) {
        json out = json::array();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (nulls[i] != 0) {
                out.push_back(nullptr);
                continue;
            }
            if (is_real(fields[i])) {
                out.push_back(
                    std::isfinite(reals[i]) ? json(reals[i]) : json(std::to_string(reals[i]))
                );
                continue;
            }
            std::string bytes(lengths[i] + 1, '\0');
            if (lengths[i] > 0) {
                MYSQL_BIND b{};
                unsigned long got = 0;
                b.buffer_type = MYSQL_TYPE_STRING;
                b.buffer = bytes.data();
                b.buffer_length = lengths[i] + 1;
                b.length = &got;
                mysql_stmt_fetch_column(stmt, &b, static_cast<unsigned int>(i), 0);
            }
            bytes.resize(lengths[i]);
            out.push_back(value_of(fields[i], bytes));
        }
        return out;
    }
};

asio::awaitable<void>
close_statement(mysql_connection& conn, MYSQL_STMT* stmt, time_point deadline) {
    my_bool ret = 0;
    std::function<int()> start = [&]() {
        return mysql_stmt_close_start(&ret, stmt);
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_stmt_close_cont(&ret, stmt, ready);
    };
    co_await conn.run(std::move(start), std::move(cont), deadline);
}

void note_statement_error(mysql_connection& conn, statement_result& out, MYSQL_STMT* stmt) {
    note_driver_error(conn, out, error_of(stmt));
}

// Executes a prepared statement whose parameters are bound and collects its rows.
asio::awaitable<void> execute_and_fetch(
    mysql_connection& conn,
    MYSQL_STMT* stmt,
    sql::result_limits limits,
    time_point deadline,
    statement_result& out
) {
    int ret = 0;
    std::function<int()> exec_start = [&]() {
        return mysql_stmt_execute_start(&ret, stmt);
    };
    std::function<int(int)> exec_cont = [&](int ready) {
        return mysql_stmt_execute_cont(&ret, stmt, ready);
    };
    out.outcome = co_await conn.run(std::move(exec_start), std::move(exec_cont), deadline);
    if (out.outcome != op_outcome::done) {
        co_return;
    }
    if (ret != 0) {
        note_statement_error(conn, out, stmt);
        co_return;
    }
    MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
    if (meta == nullptr) {
        out.rows = affected_rows_table(limits, mysql_stmt_affected_rows(stmt));
        co_return;
    }
    std::unique_ptr<MYSQL_RES, void (*)(MYSQL_RES*)> meta_owner(meta, [](MYSQL_RES* r) {
        mysql_free_result(r);  // prepared-statement metadata: no I/O
    });
    sql::table_builder builder(limits);
    std::vector<column> columns;
    auto fields = fields_of(meta, columns);
    builder.set_columns(std::move(columns));
    result_binds binds(fields);
    if (mysql_stmt_bind_result(stmt, binds.binds.data()) != 0) {
        note_statement_error(conn, out, stmt);
        co_return;
    }
    std::function<int()> fetch_start = [&]() {
        return mysql_stmt_fetch_start(&ret, stmt);
    };
    std::function<int(int)> fetch_cont = [&](int ready) {
        return mysql_stmt_fetch_cont(&ret, stmt, ready);
    };
    bool ended = false;
    bool too_large = false;
    std::size_t dropped = 0;
    std::size_t dropped_bytes = 0;
    while (true) {
        out.outcome = co_await conn.run(fetch_start, fetch_cont, deadline);
        if (out.outcome != op_outcome::done) {
            break;
        }
        if (ret == MYSQL_NO_DATA) {
            ended = true;
            break;
        }
        if (ret != 0 && ret != MYSQL_DATA_TRUNCATED) {
            if (packet_limit_error(mysql_stmt_errno(stmt))) {
                too_large = true;
                break;
            }
            ended = true;
            note_statement_error(conn, out, stmt);
            break;
        }
        if (builder.wants_rows()) {
            builder.add_row(binds.row(stmt, fields));
        } else {
            dropped_bytes += row_bytes(binds.lengths.data(), fields.size());
            if (++dropped > drain_rows || dropped_bytes > limits.max_result_bytes) {
                break;
            }
        }
    }
    if (out.outcome == op_outcome::done && !ended) {
        conn.break_link();
        out.abandoned = true;
    }
    if (out.outcome == op_outcome::done && !out.error) {
        out.rows = builder.finish();
        if (too_large) {
            mark_too_large(*out.rows);
            out.cut_at_packet_limit = true;
        }
    }
}

}  // namespace

asio::awaitable<statement_result> run_prepared(
    mysql_connection& conn,
    std::string sql,
    std::vector<json> params,
    sql::result_limits limits,
    time_point deadline
) {
    statement_result out;
    MYSQL_STMT* stmt = mysql_stmt_init(conn.handle());
    if (stmt == nullptr) {
        note_driver_error(conn, out, error_of(conn.handle()));
        co_return out;
    }
    int ret = 0;
    std::function<int()> start = [&]() {
        return mysql_stmt_prepare_start(&ret, stmt, sql.data(), sql.size());
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_stmt_prepare_cont(&ret, stmt, ready);
    };
    out.outcome = co_await conn.run(std::move(start), std::move(cont), deadline);
    if (out.outcome == op_outcome::done && ret != 0) {
        note_statement_error(conn, out, stmt);
    } else if (out.outcome == op_outcome::done) {
        parameter_binds binds(params);
        if (mysql_stmt_param_count(stmt) != params.size()) {
            out.error = driver_error{
                0,
                "",
                "the statement has " + std::to_string(mysql_stmt_param_count(stmt)) +
                    " placeholders for " + std::to_string(params.size()) + " values"};
        } else if (!params.empty() && mysql_stmt_bind_param(stmt, binds.binds.data()) != 0) {
            note_statement_error(conn, out, stmt);
        } else {
            co_await execute_and_fetch(conn, stmt, limits, deadline, out);
        }
    }
    co_await close_statement(conn, stmt, deadline);
    if (out.outcome == op_outcome::done && !out.error && !conn.broken()) {
        co_await drop_more_results(conn, deadline);
    }
    co_return out;
}

}  // namespace mcpgw::backends::mysql

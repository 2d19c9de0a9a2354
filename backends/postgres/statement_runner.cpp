#include "statement_runner.hpp"

#include "error_text.hpp"
#include "server_error.hpp"

#include <backends/sql/value_text.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace mcpgw::backends::postgres {
namespace {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

/// Named statements a read_only call runs around the caller's statement, prepared once per
/// session (and again after a DISCARD ALL): parsing them on every call cost the server more
/// than the caller's `SELECT 1`. Their answers are checked by command tag, and the session
/// check below (sent as text, so nothing in the session can replace it) proves they are still
/// ours after every call.
const char* const begin_statement = "mcpgw_begin_read_only";
const char* const rollback_statement = "mcpgw_rollback";
constexpr int control_statement_count = 2;

/// Run inside a read_only call's transaction, after the statement: releases session-level
/// advisory locks (they outlive ROLLBACK) and lists the session's prepared statements, one row
/// each (PREPARE run by a function outlives ROLLBACK too; SQL's PREPARE shows from_sql = true).
/// The session is clean when exactly our control statements are there, none made by SQL; else
/// the pool's reset runs DISCARD ALL. Everything else a read-only transaction can change
/// (settings, roles, cursors, LISTEN) ROLLBACK undoes. Schema-qualified: the statement may
/// have set a search_path (SET LOCAL in a function) that would find look-alikes first.
/// A set-returning function in the select list, not a subquery: planning EXISTS (SELECT FROM
/// pg_prepared_statements) cost the server ~30 µs per call. With no row the unlock does not
/// run, but no row means our statements are gone: the session is dirty and DISCARD ALL
/// releases the locks.
const char* const session_check_sql =
    "SELECT pg_catalog.pg_advisory_unlock_all(), "
    "(pg_catalog.pg_prepared_statement()).from_sql";

server_error error_fields(const pg_result* r, const std::string& password) {
    auto field = [r, &password](int code) {
        const char* v = PQresultErrorField(r, code);
        return v != nullptr ? sanitise(v, password) : std::string();
    };
    server_error e{
        field(PG_DIAG_SQLSTATE),
        field(PG_DIAG_SEVERITY_NONLOCALIZED),
        field(PG_DIAG_MESSAGE_PRIMARY),
        field(PG_DIAG_MESSAGE_HINT)};
    if (e.primary.empty()) {
        e.primary = sanitise(PQresultErrorMessage(r), password);
    }
    return e;
}

json link_error(const pg_connection& conn) {
    auto message = conn.error_message();
    return error_result(
        error_code::unavailable,
        "postgres: the connection failed" + (message.empty() ? "" : ": " + message),
        std::nullopt,
        true
    );
}

json interrupted_error(io_status st, const statement_request& req) {
    if (st == io_status::timed_out) {
        return error_result(
            error_code::timeout,
            "the statement did not finish within the call's deadline (statement_timeout " +
                std::to_string(req.server_timeout.count()) + " ms)",
            std::nullopt,
            true
        );
    }
    return error_result(error_code::cancelled, "the statement was cancelled");
}

/// Cancels the statement on the server and reads the connection back to idle, outside the
/// call's cancellation (the call may already be cancelled) and within cleanup_grace. A
/// cancel request can be lost (PostgreSQL ignores one that arrives while the backend reads
/// the next protocol message), so it is sent again while the statement keeps running.
asio::awaitable<bool> cancel_and_drain(pg_connection* conn, bool cancel) {
    auto until = clock::now() + cleanup_grace;
    // What was not sent yet (a statement cancelled while sending) must go out first.
    auto flushed = co_await conn->flush(until);
    if (flushed != io_status::ready) {
        co_return false;
    }
    while (true) {
        if (cancel) {
            bool delivered = co_await conn->request_cancel(until);
            if (!delivered) {
                co_return false;
            }
        }
        auto slice = std::min(until, clock::now() + cancel_retry);
        auto drained = co_await conn->drain(slice);
        if (drained != io_status::timed_out) {
            co_return drained == io_status::ready;
        }
        if (clock::now() >= until) {
            co_return false;
        }
    }
}

/// One cancel request, outside the call's cancellation, delivered by `until` or given up.
asio::awaitable<void> cancel_request(pg_connection& conn, time_point until) {
    auto ex = co_await asio::this_coro::executor;
    auto detached_slot =
        asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable);
    co_await asio::co_spawn(ex, conn.request_cancel(until), detached_slot);
}

asio::awaitable<bool> cleanup(pg_connection& conn, bool cancel) {
    auto ex = co_await asio::this_coro::executor;
    auto detached_slot =
        asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable);
    bool clean = co_await asio::co_spawn(ex, cancel_and_drain(&conn, cancel), detached_slot);
    co_return clean;
}

/// Reading the results of one pipeline, statement by statement.
class pipeline_reader {
public:
    pipeline_reader(pg_connection& conn, const statement_request& req, time_point deadline)
        : conn_(conn), req_(req), deadline_(deadline), builder_(req.limits) {}

    /// One control statement (BEGIN, ROLLBACK), whose command tag must be `tag`: false when
    /// reading stopped.
    asio::awaitable<bool> read_control(std::string_view tag) {
        while (true) {
            result_ptr r;
            bool more = co_await next(r);
            if (!more) {
                co_return false;
            }
            if (!r) {
                co_return true;
            }
            auto status = PQresultStatus(r.get());
            if (status == PGRES_FATAL_ERROR) {
                note_failure(error_result_for(
                    error_fields(r.get(), conn_.password()),
                    "",
                    req_.server_timeout
                ));
            } else if (is_copy(status)) {
                broken_ = true;
                co_return false;
            } else if (status == PGRES_PIPELINE_ABORTED) {
                continue;  // an earlier part failed: that failure is the answer
            } else if (status != PGRES_COMMAND_OK || PQcmdStatus(r.get()) != tag) {
                // Only a prepared statement replaced by the session (DEALLOCATE + PREPARE in
                // a function) answers otherwise: never reuse this connection.
                tampered_ = true;
                note_failure(error_result(
                    error_code::backend_error,
                    "postgres: the session's transaction control was changed by the statement; "
                    "the connection is closed"
                ));
            }
        }
    }

    /// The caller's statement: false when reading stopped (cap reached mid-stream,
    /// interrupted, or broken).
    asio::awaitable<bool> read_statement() {
        PQsetSingleRowMode(conn_.handle());  // refused only when results already wait
        while (true) {
            result_ptr r;
            bool more = co_await next(r);
            if (!more) {
                co_return false;
            }
            if (!r) {
                co_return true;
            }
            switch (PQresultStatus(r.get())) {
                case PGRES_SINGLE_TUPLE:
                    set_columns(r.get());
                    if (!builder_.add_row(make_row(r.get(), 0))) {
                        stopped_at_cap_ = true;
                        co_return false;  // more rows may be streaming: cancel
                    }
                    break;
                case PGRES_TUPLES_OK: {
                    set_columns(r.get());
                    int rows = PQntuples(r.get());
                    for (int i = 0; i < rows && builder_.add_row(make_row(r.get(), i)); ++i) {
                    }
                    break;
                }
                case PGRES_COMMAND_OK:
                    command_result(r.get());
                    break;
                case PGRES_EMPTY_QUERY:
                    note_failure(error_result(
                        error_code::invalid_argument,
                        "no SQL statement found",
                        req_.field
                    ));
                    break;
                case PGRES_FATAL_ERROR:
                    note_failure(error_result_for(
                        error_fields(r.get(), conn_.password()),
                        req_.field,
                        req_.server_timeout
                    ));
                    break;
                case PGRES_PIPELINE_ABORTED:
                    note_failure(error_result(
                        error_code::backend_error,
                        "postgres: the statement was skipped because the transaction could not "
                        "start"
                    ));
                    break;
                case PGRES_COPY_IN:
                case PGRES_COPY_OUT:
                case PGRES_COPY_BOTH:
                    note_failure(error_result(
                        error_code::refused,
                        "COPY to or from the client is not supported",
                        req_.field
                    ));
                    broken_ = true;
                    co_return false;
                default:
                    break;
            }
        }
    }

    /// session_check's answer: marks the connection for DISCARD ALL unless the session is
    /// provably clean (a row per control statement, none made by SQL).
    asio::awaitable<bool> read_session_check() {
        bool clean = false;
        while (true) {
            result_ptr r;
            bool more = co_await next(r);
            if (!more) {
                conn_.set_needs_discard(true);
                co_return false;
            }
            if (!r) {
                conn_.set_needs_discard(!clean);
                co_return true;
            }
            auto status = PQresultStatus(r.get());
            if (status == PGRES_TUPLES_OK) {
                clean = only_control_statements(r.get());
            } else if (status == PGRES_FATAL_ERROR) {
                note_failure(error_result_for(
                    error_fields(r.get(), conn_.password()),
                    "",
                    req_.server_timeout
                ));
            } else if (is_copy(status)) {
                broken_ = true;
                conn_.set_needs_discard(true);
                co_return false;
            }
        }
    }

    /// Up to and including the first Sync (a read_write statement is committed then).
    asio::awaitable<bool> read_sync() {
        int nulls = 0;
        while (true) {
            result_ptr r;
            bool more = co_await next(r);
            if (!more) {
                co_return false;
            }
            if (!r) {
                if (++nulls > 2) {
                    broken_ = true;
                    co_return false;
                }
                continue;
            }
            auto status = PQresultStatus(r.get());
            if (status == PGRES_PIPELINE_SYNC) {
                co_return true;
            }
            if (status == PGRES_FATAL_ERROR) {  // e.g. a deferred constraint at commit
                note_failure(error_result_for(
                    error_fields(r.get(), conn_.password()),
                    req_.field,
                    req_.server_timeout
                ));
            } else if (is_copy(status)) {
                broken_ = true;
                co_return false;
            }
        }
    }

    bool stopped_at_cap() const { return stopped_at_cap_; }
    bool over_wire_cap() const { return interrupted_ == io_status::over_cap; }
    bool broken() const { return broken_; }
    bool tampered() const { return tampered_; }
    io_status interruption() const { return interrupted_; }
    const std::optional<json>& failure() const { return failure_; }
    std::vector<type_oid>& types() { return types_; }
    table finish() { return builder_.finish(); }

private:
    static bool is_copy(ExecStatusType s) {
        return s == PGRES_COPY_IN || s == PGRES_COPY_OUT || s == PGRES_COPY_BOTH;
    }

    static bool only_control_statements(const pg_result* r) {
        if (PQntuples(r) != control_statement_count || PQnfields(r) != 2) {
            return false;
        }
        for (int row = 0; row < control_statement_count; ++row) {
            if (PQgetisnull(r, row, 1) != 0 || std::string_view(PQgetvalue(r, row, 1)) != "f") {
                return false;
            }
        }
        return true;
    }

    asio::awaitable<bool> next(result_ptr& r) {
        auto st = co_await conn_.next_result(deadline_, r);
        if (st == io_status::ready) {
            co_return true;
        }
        interrupted_ = st;
        broken_ = broken_ || st == io_status::failed;
        co_return false;
    }

    void note_failure(json error) {
        if (!failure_) {
            failure_ = std::move(error);  // the first error is the cause; later ones follow from it
        }
    }

    void set_columns(const pg_result* r) {
        if (columns_set_) {
            return;
        }
        columns_set_ = true;
        int n = PQnfields(r);
        std::vector<column> columns;
        for (int i = 0; i < n; ++i) {
            auto t = static_cast<type_oid>(PQftype(r, i));
            types_.push_back(t);
            columns.push_back({sql::valid_utf8(PQfname(r, i)), builtin_type_name(t)});
        }
        builder_.set_columns(std::move(columns));
    }

    json make_row(const pg_result* r, int row) const {
        json out = json::array();
        int n = PQnfields(r);
        for (int c = 0; c < n; ++c) {
            if (PQgetisnull(r, row, c) == 1) {
                out.push_back(nullptr);
                continue;
            }
            std::string_view text(
                PQgetvalue(r, row, c),
                static_cast<std::size_t>(PQgetlength(r, row, c))
            );
            out.push_back(text_value(types_[static_cast<std::size_t>(c)], text));
        }
        return out;
    }

    // INSERT/UPDATE/DELETE... : one row with the count when the command reports one.
    void command_result(const pg_result* r) {
        if (columns_set_) {
            return;
        }
        columns_set_ = true;
        std::string_view count = PQcmdTuples(const_cast<pg_result*>(r));
        if (count.empty()) {
            return;  // e.g. CREATE TABLE: no columns, no rows
        }
        std::int64_t n = 0;
        std::from_chars(count.data(), count.data() + count.size(), n);
        types_.push_back(oid::int8);
        std::vector<column> columns{{"rows_affected", "bigint"}};
        builder_.set_columns(std::move(columns));
        builder_.add_row(json::array({sql::integer_value(n)}));
    }

    pg_connection& conn_;
    const statement_request& req_;
    time_point deadline_;
    sql::table_builder builder_;
    std::vector<type_oid> types_;
    std::optional<json> failure_;
    io_status interrupted_ = io_status::ready;
    bool columns_set_ = false;
    bool stopped_at_cap_ = false;
    bool broken_ = false;
    bool tampered_ = false;
};

bool send_pipeline(pg_connection& conn, const statement_request& req) {
    if (!req.read_only_transaction) {
        return conn.send(req.sql, req.params) && conn.sync() && conn.send_discard_all() &&
               conn.sync();
    }
    // One segment, so one socket write (PQpipelineSync flushes): the ROLLBACK undoes what a
    // read-only transaction can change; session_check covers what outlives it.
    return conn.send_prepared(begin_statement) && conn.send(req.sql, req.params) &&
           conn.send(session_check_sql) && conn.send_prepared(rollback_statement) && conn.sync();
}

/// Prepares the control statements on a session that lacks them (new, or after DISCARD ALL):
/// one extra round trip, then every read_only call reuses them.
asio::awaitable<bool> prepare_control(pg_connection& conn, time_point deadline) {
    if (conn.control_prepared()) {
        co_return true;
    }
    if (!conn.prepare(begin_statement, "BEGIN READ ONLY") ||
        !conn.prepare(rollback_statement, "ROLLBACK") || !conn.sync()) {
        co_return false;
    }
    auto flushed = co_await conn.flush(deadline);
    if (flushed != io_status::ready) {
        co_return false;
    }
    auto drained = co_await conn.drain(deadline);
    bool ready = drained == io_status::ready && !conn.last_segment_failed() &&
                 conn.idle_outside_transaction();
    conn.set_control_prepared(ready);
    co_return ready;
}

}  // namespace

asio::awaitable<statement_outcome>
run_statement(pg_connection& conn, statement_request request, time_point deadline) {
    // After a cancellation this coroutine still cancels and drains: no implicit throws.
    co_await asio::this_coro::throw_if_cancelled(false);
    statement_outcome out;
    bool settled = conn.pending_syncs() == 0;
    if (!settled) {
        settled = co_await settle(conn, deadline);
    }
    if (settled && request.read_only_transaction) {
        settled = co_await prepare_control(conn, deadline);
    }
    if (!settled) {
        out.value = link_error(conn);
        out.discard = true;
        co_return out;
    }
    // Until session_check answers "clean", the reset must DISCARD ALL (a read cut short at a
    // cap may never reach that answer).
    conn.set_needs_discard(request.read_only_transaction);
    // Capped until this call returns (its cleanup's drain included); the pool's reset after
    // it reads at most a DISCARD ALL's answer.
    conn.cap_reads(wire_cap(request.limits));
    struct uncap {
        pg_connection& c;
        ~uncap() { c.cap_reads(0); }
    } uncapped{conn};
    if (!send_pipeline(conn, request)) {
        out.value = link_error(conn);
        out.discard = true;
        co_return out;
    }
    pipeline_reader reader(conn, request, deadline);
    auto sent = co_await conn.flush(deadline);
    bool complete = sent == io_status::ready;
    if (complete && request.read_only_transaction) {
        complete = co_await reader.read_control("BEGIN");
    }
    if (complete) {
        complete = co_await reader.read_statement();
    }
    if (complete && request.read_only_transaction) {
        complete = co_await reader.read_session_check();
    }
    if (complete && request.read_only_transaction) {
        complete = co_await reader.read_control("ROLLBACK");
    }
    if (complete) {
        complete = co_await reader.read_sync();
    }

    io_status why = sent != io_status::ready ? sent : reader.interruption();
    if (!complete && reader.over_wire_cap()) {
        // More arrived for this call than any result within its caps can need: a huge value
        // or row, still streaming. Reading on (or draining) would buffer it all, so the
        // statement is cancelled and the connection closed; the answer is what fit.
        auto until = clock::now() + cancel_retry * 5;
        co_await cancel_request(conn, until);
        out.discard = true;
        out.column_types = std::move(reader.types());
        table t = reader.finish();
        t.truncated = true;
        t.truncated_reason = "max_result_bytes";
        out.value = std::move(t);
        co_return out;
    }
    if (!complete && (reader.broken() || why == io_status::failed)) {
        out.value = reader.failure() ? *reader.failure() : link_error(conn);
        out.discard = true;
        co_return out;
    }
    if (!complete) {
        // Cancelled, past the deadline, or stopped at a cap while rows still stream.
        bool clean = co_await cleanup(conn, true);
        out.discard = !clean;
        if (!reader.stopped_at_cap()) {
            out.value = interrupted_error(why, request);
            co_return out;
        }
    }
    if (reader.failure()) {
        out.value = *reader.failure();
        out.discard = out.discard || reader.tampered();
        co_return out;
    }
    out.column_types = std::move(reader.types());
    out.value = reader.finish();
    co_return out;
}

bool is_settled(const pg_connection& conn) {
    return conn.ok() && conn.pending_syncs() == 0 && !conn.last_segment_failed() &&
           !conn.needs_discard() && conn.idle_outside_transaction();
}

asio::awaitable<bool> settle(pg_connection& conn, time_point deadline) {
    co_await asio::this_coro::throw_if_cancelled(false);
    if (!conn.ok()) {
        co_return false;
    }
    if (conn.pending_syncs() > 0) {
        auto drained = co_await conn.drain(deadline);
        if (drained != io_status::ready) {
            co_return false;
        }
    }
    if (is_settled(conn)) {
        co_return true;  // the usual case: DISCARD ALL went through, or nothing to discard
    }
    bool sent = (conn.idle_outside_transaction() || conn.send("ROLLBACK")) && conn.sync() &&
                conn.send_discard_all() && conn.sync();
    if (!sent) {
        co_return false;
    }
    auto flushed = co_await conn.flush(deadline);
    if (flushed != io_status::ready) {
        co_return false;
    }
    auto drained = co_await conn.drain(deadline);
    bool clean = drained == io_status::ready && !conn.last_segment_failed() &&
                 conn.idle_outside_transaction();
    if (clean) {
        conn.set_needs_discard(false);
    }
    co_return clean;
}

asio::awaitable<bool> ping(pg_connection& conn, time_point deadline) {
    co_await asio::this_coro::throw_if_cancelled(false);
    if (!conn.ok() || conn.pending_syncs() > 0) {
        co_return false;
    }
    if (!conn.send("SELECT 1") || !conn.sync()) {
        co_return false;
    }
    auto flushed = co_await conn.flush(deadline);
    if (flushed != io_status::ready) {
        co_return false;
    }
    auto drained = co_await conn.drain(deadline);
    co_return drained == io_status::ready && !conn.last_segment_failed() &&
        conn.idle_outside_transaction();
}

}  // namespace mcpgw::backends::postgres

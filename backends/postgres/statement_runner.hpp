#pragma once
// Runs one statement on a pooled connection, in one round trip:
//
//   read_only:  BEGIN READ ONLY; <statement>; <session check>; ROLLBACK; Sync
//               (BEGIN and ROLLBACK as statements prepared once per session)
//   read_write: <statement>; Sync | DISCARD ALL; Sync
//
// The statement goes through PQsendQueryParams (the extended protocol takes exactly one statement:
// "SELECT 1; SELECT 2" is refused by the server). Rows arrive one by one (single-row mode)
// into a table_builder; once a cap is reached the rest is not read: the statement is cancelled
// on the server and the connection drained. The caller gets its answer after the first Sync
// (so a read_write commit has happened); the DISCARD ALL segment is read by the pool's reset.
// A read_only call has no DISCARD ALL: ROLLBACK undoes what a read-only transaction changes,
// and the session check (pg_advisory_unlock_all + "is there a prepared statement?") covers
// what outlives it; the reset runs DISCARD ALL only when the check did not answer "clean".
//
// When the awaiting call is cancelled or its deadline passes, the statement is cancelled on
// the server (PQcancel on the worker pool) and the connection drained, outside the call's
// cancellation, within a short grace period; when that fails the connection is discarded.

#include "pg_connection.hpp"
#include "value_mapping.hpp"

#include <backends/core/tool_result.hpp>
#include <backends/sql/table_builder.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mcpgw::backends::postgres {

struct statement_request {
    std::string sql;
    std::vector<std::optional<std::string>> params;  // text values; nullopt = NULL
    bool read_only_transaction = true;
    sql::result_limits limits;
    std::string field = "sql";                    // the argument a statement error blames
    std::chrono::milliseconds server_timeout{0};  // for the timeout message
};

struct statement_outcome {
    std::variant<table, json> value;     // the table, or an error result
    std::vector<type_oid> column_types;  // one per column of the table
    bool discard = false;                // the connection is in an unknown state
};

/// The most a call may read from the server (the wire cap): twice the result's byte cap, so
/// that any result the cap would keep fits (a cell's JSON is never under half its wire size:
/// hex bytea becomes base64, a row's framing 7 bytes plus 4 per column becomes "[...],"),
/// plus 1 MiB for the control statements' answers and row descriptions. Past it the call
/// stops reading, answers `truncated` (max_result_bytes), cancels the statement and closes
/// the connection: a single 300 MB value is never read, let alone held (read_clamp.hpp).
inline std::size_t wire_cap(const sql::result_limits& limits) {
    return 2 * limits.max_result_bytes + 1024 * 1024;
}

/// How long cancelling and draining may take after a call was cancelled.
inline constexpr std::chrono::milliseconds cleanup_grace{2000};
/// How long a cancelled statement may keep running before the cancel request is repeated.
inline constexpr std::chrono::milliseconds cancel_retry{200};

boost::asio::awaitable<statement_outcome>
run_statement(pg_connection& conn, statement_request request, time_point deadline);

/// Brings a connection back to a clean idle session: reads what is still pending, and when
/// the last segment failed or a transaction is open, runs ROLLBACK and DISCARD ALL. False =
/// discard the connection.
boost::asio::awaitable<bool> settle(pg_connection& conn, time_point deadline);

/// Whether settle() would have nothing to do: connected, nothing pending, nothing to discard,
/// no transaction open.
bool is_settled(const pg_connection& conn);

}  // namespace mcpgw::backends::postgres

namespace mcpgw::backends::postgres {

/// `SELECT 1` in its own segment; true when it answered in time.
boost::asio::awaitable<bool> ping(pg_connection& conn, time_point deadline);

}  // namespace mcpgw::backends::postgres

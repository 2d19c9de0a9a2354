#pragma once
// Runs one statement on a connection and collects its rows under the source's caps:
//   run_text      the text protocol (mysql_real_query + mysql_use_result, rows streamed)
//   run_prepared  a server-side prepared statement with its `?` values bound as parameters
// Rows stop at max_rows / max_result_bytes; the rest of the result is read and dropped up to
// a small bound, else the link is shut down (`abandoned`) and the connection must go.

#include "connection.hpp"
#include "errors.hpp"

#include <backends/core/tool_result.hpp>
#include <backends/sql/table_builder.hpp>

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mcpgw::backends::mysql {

struct statement_result {
    op_outcome outcome = op_outcome::done;  // timed_out / cancelled: the link is broken
    std::optional<table> rows;              // set when the statement succeeded
    std::optional<driver_error> error;      // set when the server or driver refused it
    bool abandoned = false;                 // the result was cut off by shutting the link
    // The driver gave up on a row longer than the client's maximum packet size (rows holds
    // what came before, marked truncated at max_result_bytes), or the server went away
    // there: the caller checks which by reaching the server (KILL QUERY) and reports a lost
    // connection if it cannot.
    bool cut_at_packet_limit = false;
};

boost::asio::awaitable<statement_result>
run_text(mysql_connection& conn, std::string sql, sql::result_limits limits, time_point deadline);

/// `params`: JSON scalars (string, integer, number, boolean, null), one per `?`.
boost::asio::awaitable<statement_result> run_prepared(
    mysql_connection& conn,
    std::string sql,
    std::vector<nlohmann::json> params,
    sql::result_limits limits,
    time_point deadline
);

}  // namespace mcpgw::backends::mysql

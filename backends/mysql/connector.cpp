#include "connector.hpp"

#include "errors.hpp"
#include "statement_runner.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstdio>

namespace mcpgw::backends::mysql {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using json = nlohmann::json;

namespace {

// Addresses for `host`: itself when it is an IP address, else an Asio resolve bounded by
// `deadline`. Empty with `error` set on failure.
asio::awaitable<std::vector<std::string>> resolve(
    asio::any_io_executor ex,
    std::string host,
    std::uint16_t port,
    time_point deadline,
    std::string& error
) {
    boost::system::error_code parse_error;
    auto address = asio::ip::make_address(host, parse_error);
    if (!parse_error) {
        co_return std::vector<std::string>{address.to_string()};
    }
    asio::ip::tcp::resolver resolver(ex);
    asio::steady_timer timer(ex, deadline);
    auto token = asio::as_tuple(asio::use_awaitable);
    auto lookup = resolver.async_resolve(host, std::to_string(port), token);
    auto expiry = timer.async_wait(token);
    auto any = co_await (std::move(lookup) || std::move(expiry));
    if (any.index() == 1) {
        error = "resolving the host timed out";
        co_return std::vector<std::string>{};
    }
    auto [ec, results] = std::get<0>(std::move(any));
    if (ec) {
        error = "cannot resolve the host: " + ec.message();
        co_return std::vector<std::string>{};
    }
    std::vector<std::string> out;
    for (const auto& entry : results) {
        auto text = entry.endpoint().address().to_string();
        if (std::find(out.begin(), out.end(), text) == out.end()) {
            out.push_back(text);
        }
    }
    co_return out;
}

// Room beyond max_result_bytes in the client's maximum packet size: the row's framing and
// length prefixes (a row that needs more would not fit the byte cap as JSON either).
constexpr std::size_t max_packet_slack = std::size_t{64} * 1024;

std::string seconds_text(std::chrono::milliseconds d) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(d.count()) / 1000.0);
    return buffer;
}

}  // namespace

mysql_connector::mysql_connector(asio::any_io_executor ex, settings s)
    : executor_(std::move(ex)), settings_(std::move(s)) {}

std::string mysql_connector::clean(const std::string& message) const {
    return sanitize(message, settings_.server.password);
}

std::string mysql_connector::session_setup_sql(bool mariadb) const {
    const auto& s = settings_.server;
    // The server stops a statement at the same budget the gateway gives the call.
    std::string limit = mariadb
                            ? "max_statement_time = " + seconds_text(s.statement_timeout)
                            : "max_execution_time = " + std::to_string(s.statement_timeout.count());
    // sql_mode: the server's, without the modes that change how the text is lexed
    // (ANSI_QUOTES, NO_BACKSLASH_ESCAPES, and the combinations that imply ANSI_QUOTES: ANSI,
    // DB2, MAXDB, MSSQL, ORACLE, POSTGRESQL). The statement guard reads every statement with
    // exactly these rules; SET is refused to clients, so it stays pinned for the session.
    std::string mode = "CONCAT(',', @@SESSION.sql_mode, ',')";
    for (const char* drop :
         {"ANSI_QUOTES",
          "NO_BACKSLASH_ESCAPES",
          "ANSI",
          "DB2",
          "MAXDB",
          "MSSQL",
          "ORACLE",
          "POSTGRESQL"}) {
        mode = "REPLACE(" + mode + ", '," + drop + ",', ',')";
    }
    return "SET SESSION " + limit + ", time_zone = '+00:00', sql_mode = TRIM(BOTH ',' FROM " +
           mode + ")";
}

std::string mysql_connector::privileges_sql(bool mariadb) {
    // The account as information_schema names grantees ('user'@'host'), and on MariaDB its
    // default role, which is active in every session.
    const std::string me =
        "CONCAT('''', LEFT(CURRENT_USER(), CHAR_LENGTH(CURRENT_USER()) - "
        "CHAR_LENGTH(SUBSTRING_INDEX(CURRENT_USER(), '@', -1)) - 1), '''@''', "
        "SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
    const std::string grantee =
        mariadb ? "GRANTEE IN (" + me + ", CONCAT('''', CURRENT_ROLE(), ''''))" : "GRANTEE = " + me;
    const std::string writes =
        "('INSERT', 'UPDATE', 'DELETE', 'DELETE HISTORY', 'CREATE', 'DROP', 'ALTER', 'INDEX', "
        "'TRIGGER', 'CREATE VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'EVENT')";
    const std::string admin =
        "('SUPER', 'FILE', 'PROCESS', 'SHUTDOWN', 'RELOAD', 'CREATE USER', 'CREATE TABLESPACE', "
        "'REPLICATION SLAVE', 'REPLICATION CLIENT', 'BINLOG MONITOR', 'BINLOG ADMIN', "
        "'BINLOG REPLAY', 'CONNECTION ADMIN', 'READ_ONLY ADMIN', 'FEDERATED ADMIN', "
        "'REPLICATION MASTER ADMIN', 'REPLICATION SLAVE ADMIN', 'SLAVE MONITOR', "
        "'SYSTEM_VARIABLES_ADMIN', 'SYSTEM_USER', 'CONNECTION_ADMIN', 'BINLOG_ADMIN', "
        "'REPLICATION_SLAVE_ADMIN', 'ROLE_ADMIN', 'SESSION_VARIABLES_ADMIN')";
    return "SELECT w FROM ("
           "SELECT 0 AS o, PRIVILEGE_TYPE AS w FROM information_schema.USER_PRIVILEGES WHERE " +
           grantee + " AND PRIVILEGE_TYPE IN " + admin +
           " UNION ALL SELECT 1, PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES "
           "WHERE " +
           grantee + " AND PRIVILEGE_TYPE IN " + writes +
           " UNION ALL SELECT 2, CONCAT(PRIVILEGE_TYPE, ' ON ', TABLE_SCHEMA, '.*') "
           "FROM information_schema.SCHEMA_PRIVILEGES WHERE " +
           grantee + " AND PRIVILEGE_TYPE IN " + writes +
           " UNION ALL SELECT 3, CONCAT(PRIVILEGE_TYPE, ' ON ', TABLE_SCHEMA, '.', TABLE_NAME) "
           "FROM information_schema.TABLE_PRIVILEGES WHERE " +
           grantee + " AND PRIVILEGE_TYPE IN " + writes +
           " UNION ALL SELECT 4, CONCAT(PRIVILEGE_TYPE, ' ON ', TABLE_SCHEMA, '.', TABLE_NAME, "
           "'.', COLUMN_NAME) FROM information_schema.COLUMN_PRIVILEGES WHERE " +
           grantee + " AND PRIVILEGE_TYPE IN ('INSERT', 'UPDATE')) AS p ORDER BY o, w LIMIT 200";
}

asio::awaitable<pool::connect_result<mysql_connection>> mysql_connector::open_connection(
    time_point deadline
) {
    const auto& s = settings_.server;
    std::string error;
    auto addresses = co_await resolve(executor_, s.host, s.port, deadline, error);
    if (addresses.empty()) {
        co_return pool::connect_result<mysql_connection>{
            nullptr,
            "cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " +
                (error.empty() ? "no address" : clean(error))};
    }
    for (const auto& address : addresses) {
        auto conn = std::make_unique<mysql_connection>(executor_);
        connect_params p{address, s.port, s.user, s.password, s.database, settings_.tls};
        // A row longer than the byte cap would be truncated anyway: never buffer more of it
        // than the cap plus room for the row's framing (issue 10, item 8).
        p.max_packet = s.limits.max_result_bytes + max_packet_slack;
        auto failed = co_await conn->open(std::move(p), deadline);
        if (!failed) {
            co_return pool::connect_result<mysql_connection>{std::move(conn), ""};
        }
        error = *failed;
        conn->close();
        if (std::chrono::steady_clock::now() >= deadline) {
            break;
        }
    }
    co_return pool::connect_result<mysql_connection>{
        nullptr,
        "cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " + clean(error)};
}

asio::awaitable<bool> mysql_connector::setup_session(mysql_connection& c, time_point deadline) {
    auto setup = session_setup_sql(c.is_mariadb());
    sql::result_limits small;
    auto r = co_await run_text(c, setup, small, deadline);
    if (r.outcome != op_outcome::done || r.error) {
        co_return false;
    }
    if (settings_.server.access == access_mode::read_only) {
        // Layer 2 again: even a statement outside the per-call transaction is read-only.
        std::string read_only_sql = "SET SESSION TRANSACTION READ ONLY";
        auto ro = co_await run_text(c, read_only_sql, small, deadline);
        if (ro.outcome != op_outcome::done || ro.error) {
            co_return false;
        }
    }
    co_return true;
}

std::vector<std::string> mysql_connector::privileges_from_grants(
    const std::vector<std::string>& lines
) {
    static const std::vector<std::string> refused = {
        "ALL",
        "ALL PRIVILEGES",
        "INSERT",
        "UPDATE",
        "DELETE",
        "DELETE HISTORY",
        "CREATE",
        "DROP",
        "ALTER",
        "INDEX",
        "TRIGGER",
        "CREATE VIEW",
        "CREATE ROUTINE",
        "ALTER ROUTINE",
        "EVENT",
        "SUPER",
        "FILE",
        "PROCESS",
        "SHUTDOWN",
        "RELOAD",
        "CREATE USER",
        "CREATE TABLESPACE",
        "REPLICATION SLAVE",
        "REPLICATION CLIENT",
        "BINLOG MONITOR",
        "BINLOG ADMIN",
        "BINLOG REPLAY",
        "CONNECTION ADMIN",
        "READ_ONLY ADMIN",
        "FEDERATED ADMIN",
        "REPLICATION MASTER ADMIN",
        "REPLICATION SLAVE ADMIN",
        "SLAVE MONITOR"};
    auto trim = [](std::string t) {
        auto b = t.find_first_not_of(' ');
        auto e = t.find_last_not_of(' ');
        return b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
    };
    std::vector<std::string> out;
    for (const auto& line : lines) {
        if (line.rfind("GRANT ", 0) != 0) {
            continue;
        }
        auto on = line.find(" ON ");
        auto to = line.find(" TO ", on == std::string::npos ? 0 : on);
        if (on == std::string::npos || to == std::string::npos) {
            continue;  // GRANT role TO user
        }
        std::string target;
        for (char c : line.substr(on + 4, to - on - 4)) {
            if (c != '`') {
                target += c;
            }
        }
        // The privilege list, with column lists "UPDATE (a, b)" dropped.
        std::string list;
        int depth = 0;
        for (char c : line.substr(6, on - 6)) {
            if (c == '(') {
                ++depth;
            } else if (c == ')') {
                --depth;
            } else if (depth == 0) {
                list += c;
            }
        }
        std::size_t start = 0;
        while (start <= list.size()) {
            auto comma = list.find(',', start);
            auto end = comma == std::string::npos ? list.size() : comma;
            auto priv = trim(list.substr(start, end - start));
            if (std::find(refused.begin(), refused.end(), priv) != refused.end()) {
                out.push_back(target == "*.*" ? priv : priv + " ON " + target);
            }
            start = end + 1;
        }
    }
    return out;
}

std::string mysql_connector::privileges_text(const std::vector<std::string>& found) {
    std::string out;
    constexpr std::size_t shown = 8;
    for (std::size_t i = 0; i < found.size() && i < shown; ++i) {
        out += (i == 0 ? "" : ", ") + found[i];
    }
    if (found.size() > shown) {
        out += " and " + std::to_string(found.size() - shown) + " more";
    }
    return out;
}

asio::awaitable<std::optional<std::string>>
mysql_connector::vet_privileges(mysql_connection& c, time_point deadline) {
    const auto& server = settings_.server;
    sql::result_limits limits;
    limits.max_rows = 1000;
    limits.max_result_bytes = std::size_t{1} << 20;
    auto r = co_await run_text(c, privileges_sql(c.is_mariadb()), limits, deadline);
    if (r.outcome != op_outcome::done || !r.rows) {
        co_return "cannot check the privileges of user '" + server.user +
            "': " + (r.error ? clean(r.error->message) : std::string("no answer"));
    }
    std::vector<std::string> found;
    for (const auto& row : r.rows->rows) {
        if (!row.empty() && row[0].is_string()) {
            found.push_back(row[0].get<std::string>());
        }
    }
    if (c.is_mariadb()) {
        // information_schema lists the account's own grants only; SHOW GRANTS adds those of
        // its default role (active in every session). Only privilege names and targets are
        // kept: these lines can carry the password hash.
        auto grants = co_await run_text(c, "SHOW GRANTS", limits, deadline);
        if (grants.outcome != op_outcome::done || !grants.rows) {
            co_return "cannot check the privileges of user '" + server.user +
                "': " + (grants.error ? clean(grants.error->message) : std::string("no answer"));
        }
        std::vector<std::string> lines;
        for (const auto& row : grants.rows->rows) {
            if (!row.empty() && row[0].is_string()) {
                lines.push_back(row[0].get<std::string>());
            }
        }
        for (auto& p : privileges_from_grants(lines)) {
            if (std::find(found.begin(), found.end(), p) == found.end()) {
                found.push_back(std::move(p));
            }
        }
    }
    if (found.empty()) {
        co_return std::nullopt;
    }
    auto what = privileges_text(found);
    if (!settings_.allow_privileged_role) {
        co_return "user '" + server.user + "' has " + what +
            ": refused for a read_only server, whose user must not be able to write, reach "
            "files or see other sessions (use a least-privilege user with SELECT and SHOW VIEW, "
            "or set allow_privileged_role: true; docs/mysql.md)";
    }
    if (!privileges_warned_) {
        privileges_warned_ = true;
        log::warn(
            "read_only mysql server connects as a privileged user, accepted by "
            "allow_privileged_role: such a user can write, reach files and see other sessions; "
            "use a least-privilege user (docs/mysql.md)",
            {{"server", server.name}, {"user", server.user}, {"privileges", what}}
        );
    }
    co_return std::nullopt;
}

asio::awaitable<pool::connect_result<mysql_connection>> mysql_connector::connect(time_point deadline
) {
    auto r = co_await open_connection(deadline);
    if (!r.conn) {
        co_return r;
    }
    if (!co_await setup_session(*r.conn, deadline)) {
        r.conn->close();
        co_return pool::connect_result<mysql_connection>{
            nullptr,
            "connected to " + settings_.server.host + " but could not set the session up"};
    }
    if (settings_.server.access == access_mode::read_only) {
        // Every new connection: grants change while the gateway runs.
        auto refused = co_await vet_privileges(*r.conn, deadline);
        if (refused || r.conn->broken()) {
            r.conn->close();
            co_return pool::connect_result<mysql_connection>{
                nullptr,
                refused ? *refused : std::string("connection lost")};
        }
    }
    co_return r;
}

asio::awaitable<bool> mysql_connector::ping(mysql_connection& c, time_point deadline) {
    if (c.broken()) {
        co_return false;
    }
    int ret = 0;
    MYSQL* m = c.handle();
    std::function<int()> start = [&]() {
        return mysql_ping_start(&ret, m);
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_ping_cont(&ret, m, ready);
    };
    auto outcome = co_await c.run(std::move(start), std::move(cont), deadline);
    co_return outcome == op_outcome::done&& ret == 0;
}

asio::awaitable<bool> mysql_connector::reset(mysql_connection& c, time_point deadline) {
    if (c.broken()) {
        co_return false;
    }
    int ret = 0;
    MYSQL* m = c.handle();
    std::function<int()> start = [&]() {
        return mysql_reset_connection_start(&ret, m);
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_reset_connection_cont(&ret, m, ready);
    };
    auto outcome = co_await c.run(std::move(start), std::move(cont), deadline);
    if (outcome != op_outcome::done || ret != 0) {
        co_return false;
    }
    co_return co_await setup_session(c, deadline);
}

void mysql_connector::close(mysql_connection& c) {
    c.close();
}

asio::awaitable<bool>
mysql_connector::kill_query(unsigned long thread_id, time_point deadline, bool whole_connection) {
    auto r = co_await open_connection(deadline);
    if (!r.conn) {
        log::warn(
            "could not stop a statement on the server",
            {{"server", settings_.server.name}, {"error", r.error}}
        );
        co_return false;
    }
    sql::result_limits small;
    std::string kill = (whole_connection ? "KILL " : "KILL QUERY ") + std::to_string(thread_id);
    auto killed = co_await run_text(*r.conn, kill, small, deadline);
    r.conn->close();
    // "Unknown thread id": the statement (and its session) already ended.
    co_return killed.outcome == op_outcome::done && (!killed.error || killed.error->code == 1094);
}

}  // namespace mcpgw::backends::mysql

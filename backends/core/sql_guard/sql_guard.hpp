#pragma once
// Layer (3) of the read-only defence: a statement check before sending. It gives a clear
// refusal, and it stops what a read-only transaction does not: side-effect and administration
// functions. It also enforces the per-server opt-ins for delete, ddl, dcl and admin statements.
// Sans-I/O; the database's own read-only transaction (layer 2) stays the real guarantee.

#include "statement_kind.hpp"
#include "tokenizer.hpp"

#include <backends/core/source.hpp>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace mcpgw::backends::sql_guard {

struct guard_policy {
    access_mode access = access_mode::read_only;
    // Kinds a read_write server opts into by name: "delete", "ddl", "dcl", "admin".
    std::set<std::string, std::less<>> allowed_kinds_by_name;
    // MySQL/MariaDB, read_only servers: SHOW PROCESSLIST, information_schema.PROCESSLIST and
    // the like, performance_schema and sys show other sessions' statements (every gateway
    // connection shares one user). Refused unless this is set (allow_activity_views: true).
    bool allow_activity_views = false;
};

struct refusal {
    std::string reason;   // for the client; never echoes more than the offending keyword
    std::string keyword;  // upper-case, e.g. "DELETE", "PG_TERMINATE_BACKEND"; may be empty
};

struct statement_check {
    statement_kind kind = statement_kind::unknown;  // the most demanding kind found
    std::optional<refusal> refused;

    bool allowed() const { return !refused.has_value(); }
};

statement_check check_statement(std::string_view sql, sql_dialect d, const guard_policy& p);

}  // namespace mcpgw::backends::sql_guard

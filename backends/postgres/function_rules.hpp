#pragma once
// What the PostgreSQL statement guard knows about functions and relations by name: the
// decision for every function in PostgreSQL 15's pg_catalog that a read-only transaction does
// not make harmless, for the contrib extensions shipped with it, and the views that show
// other sessions' activity. Names are compared lower-cased and without schema: a function of
// that name in any schema is treated the same (conservative: pg_catalog resolves first in
// gateway sessions, and extensions live in whatever schema a DBA chose).
//
// Where the lists come from (and how they are kept complete): every volatile function of
// pg_catalog on PostgreSQL 15 with every contrib extension installed (adminpack installs into
// pg_catalog), and every function of every contrib extension, each reviewed; the integration
// test PostgresFunctionRules.EveryVolatileCatalogFunctionAndContribFunctionIsDecided fails
// when the server has one these tables do not decide. Functions that run SQL given as text
// were found from the documentation and from which contrib modules import SPI's execute calls
// (dblink, tablefunc, xml2; refint's are trigger-only).

#include <cstddef>
#include <optional>
#include <string_view>

namespace mcpgw::backends::postgres {

enum class function_effect {
    allowed,   // nothing a read-only transaction or the session check does not contain
    write,     // changes data outside the transaction's reach (nextval, setval): a write
    activity,  // shows other sessions' statements or connections: allow_activity_views
    denied,    // refused on every server
};

struct function_rule {
    function_effect effect = function_effect::allowed;
    std::string_view why;  // for the refusal: what the function does
};

/// The rule for a call of `name` (lower-case, no schema) with `args` arguments.
function_rule function_rule_for(std::string_view name, std::size_t args);

/// Why reading a relation of this name (lower-case, any schema) is refused on every server (a
/// view over a denied function such as pg_hba_file_rules, or a catalog of secrets such as
/// pg_authid); "" when it is not.
std::string_view denied_relation_why(std::string_view name);

/// Whether a relation of this name (lower-case, any schema) shows other sessions' activity
/// (pg_stat_activity and the views built on the same backend status).
bool is_activity_relation(std::string_view name);

/// Volatile pg_catalog functions reviewed as harmless (random, clock_timestamp, sizes, WAL
/// positions...). Strict mode refuses any other volatile catalog function it does not know.
bool is_safe_volatile_catalog_function(std::string_view name);

/// Contrib extensions whose functions (except the denied ones) strict mode allows, and
/// single functions of other extensions it allows (tablefunc's normal_rand).
bool is_safe_extension(std::string_view extension);
bool is_safe_extension_function(std::string_view extension, std::string_view name);

/// Contrib extensions reviewed function by function (safe or not): the completeness test
/// uses it to find extensions nobody looked at.
bool is_reviewed_extension(std::string_view extension);

}  // namespace mcpgw::backends::postgres

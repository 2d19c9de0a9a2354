#pragma once
// What a statement does, as far as the access policy cares.

#include <string_view>

namespace mcpgw::backends::sql_guard {

// Ordered by how much it takes to allow: a statement's overall kind is the highest found in it.
enum class statement_kind {
    read,
    write,
    delete_,  // DELETE, TRUNCATE
    ddl,
    dcl,  // GRANT, REVOKE, users and roles
    admin,
    session,      // always refused: the gateway owns session state
    transaction,  // always refused: the gateway owns transactions
    file,         // server-side files or programs: always refused
    unknown,      // not recognised: refused
};

std::string_view to_string(statement_kind k);

}  // namespace mcpgw::backends::sql_guard

#include "statement_kind.hpp"

namespace mcpgw::backends::sql_guard {

std::string_view to_string(statement_kind k) {
    switch (k) {
        case statement_kind::read:
            return "read";
        case statement_kind::write:
            return "write";
        case statement_kind::delete_:
            return "delete";
        case statement_kind::ddl:
            return "ddl";
        case statement_kind::dcl:
            return "dcl";
        case statement_kind::admin:
            return "admin";
        case statement_kind::session:
            return "session";
        case statement_kind::transaction:
            return "transaction";
        case statement_kind::file:
            return "file";
        case statement_kind::unknown:
            return "unknown";
    }
    return "unknown";
}

}  // namespace mcpgw::backends::sql_guard

#pragma once
// Functions a read-only transaction does not stop: terminating or cancelling other backends,
// reloading configuration, file and large-object access, advisory locks, sleeping, running SQL
// from a string. Matched by the called name, so schema-qualified calls match too.

#include "tokenizer.hpp"

#include <string_view>

namespace mcpgw::backends::sql_guard {

enum class function_class {
    allowed,
    write,   // changes data (nextval, setval): needs a write-capable policy
    denied,  // refused on every access mode
};

/// `name` is the lower-cased function name without schema.
function_class classify_function(std::string_view name, sql_dialect d);

}  // namespace mcpgw::backends::sql_guard

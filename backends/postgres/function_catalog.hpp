#pragma once
// The server's own list of functions, operators and types, for strict_functions: which names
// pg_catalog defines (and which of them have a volatile variant), and every function,
// operator and type outside pg_catalog with its schema and the extension that owns it. The
// guard needs it to know that `lower(x)` can only resolve to pg_catalog.lower (no function
// of that name elsewhere could be chosen instead) and that `%` is pg_trgm's operator and not
// a DBA's.
//
// Loaded by the connector on each new connection of a strict source (one query,
// catalog_sql()), so it follows extensions created or dropped since; shared read-only.

#include <backends/core/tool_result.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mcpgw::backends::postgres {

struct catalog_object {
    std::string schema;
    std::string name;
    std::string extension;  // "" when no extension owns it
    // functions: "v" for volatile; operators: the function behind it, "schema.name";
    // types: typtype (b base, c composite, d domain, e enum, m multirange, p pseudo, r range)
    std::string detail;
};

struct function_catalog {
    std::unordered_set<std::string> catalog_functions;               // proname in pg_catalog
    std::unordered_set<std::string> catalog_volatile;                // ... with a volatile variant
    std::unordered_set<std::string> catalog_operators;               // oprname in pg_catalog
    std::unordered_set<std::string> catalog_types;                   // typname in pg_catalog
    std::unordered_multimap<std::string, catalog_object> functions;  // by name, outside
    std::unordered_multimap<std::string, catalog_object> operators;  // by symbol, outside
    std::unordered_multimap<std::string, catalog_object> types;      // by name, outside
};

/// One statement returning (kind 'f'|'o'|'t', schema, name, extension, detail) rows.
const char* catalog_sql();

/// Built from catalog_sql()'s rows (JSON arrays of five strings or nulls).
function_catalog catalog_from_rows(const json& rows);

}  // namespace mcpgw::backends::postgres

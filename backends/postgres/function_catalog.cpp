#include "function_catalog.hpp"

namespace mcpgw::backends::postgres {

// Schema-qualified throughout (the session's search_path is pinned, but this is the gateway's
// own statement and must not depend on it). pg_catalog functions are grouped by name: ~2,700
// rows instead of ~3,300, and the guard only needs the name and whether any variant is
// volatile.
const char* catalog_sql() {
    return "SELECT 'f', 'pg_catalog', p.proname::pg_catalog.text, NULL, "
           "CASE WHEN pg_catalog.bool_or(p.provolatile = 'v') THEN 'v' ELSE '' END "
           "FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace "
           "GROUP BY p.proname "
           "UNION ALL "
           "SELECT 'f', n.nspname::pg_catalog.text, p.proname::pg_catalog.text, "
           "e.extname::pg_catalog.text, CASE WHEN p.provolatile = 'v' THEN 'v' ELSE '' END "
           "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
           "LEFT JOIN pg_catalog.pg_depend d ON d.classid = "
           "'pg_catalog.pg_proc'::pg_catalog.regclass "
           "AND d.objid = p.oid AND d.deptype = 'e' "
           "LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid "
           "WHERE p.pronamespace <> 'pg_catalog'::pg_catalog.regnamespace "
           "UNION ALL "
           "SELECT 'o', n.nspname::pg_catalog.text, o.oprname::pg_catalog.text, "
           "e.extname::pg_catalog.text, fn.nspname || '.' || f.proname "
           "FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace "
           "LEFT JOIN pg_catalog.pg_proc f ON f.oid = o.oprcode "
           "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace "
           "LEFT JOIN pg_catalog.pg_depend d ON d.classid = "
           "'pg_catalog.pg_operator'::pg_catalog.regclass "
           "AND d.objid = o.oid AND d.deptype = 'e' "
           "LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid "
           "WHERE o.oprnamespace <> 'pg_catalog'::pg_catalog.regnamespace OR o.oid IN ("
           "SELECT min(x.oid) FROM pg_catalog.pg_operator x "
           "WHERE x.oprnamespace = 'pg_catalog'::pg_catalog.regnamespace GROUP BY x.oprname) "
           "UNION ALL "
           "SELECT 't', n.nspname::pg_catalog.text, t.typname::pg_catalog.text, "
           "e.extname::pg_catalog.text, t.typtype::pg_catalog.text "
           "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
           "LEFT JOIN pg_catalog.pg_depend d ON d.classid = "
           "'pg_catalog.pg_type'::pg_catalog.regclass "
           "AND d.objid = t.oid AND d.deptype = 'e' "
           "LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid "
           "WHERE t.typnamespace <> 'pg_catalog'::pg_catalog.regnamespace OR t.oid IN ("
           "SELECT min(y.oid) FROM pg_catalog.pg_type y "
           "WHERE y.typnamespace = 'pg_catalog'::pg_catalog.regnamespace GROUP BY y.typname)";
}

namespace {

std::string text_at(const json& row, std::size_t i) {
    return i < row.size() && row[i].is_string() ? row[i].get<std::string>() : std::string();
}

}  // namespace

function_catalog catalog_from_rows(const json& rows) {
    function_catalog c;
    if (!rows.is_array()) {
        return c;
    }
    for (const auto& row : rows) {
        auto kind = text_at(row, 0);
        catalog_object o{text_at(row, 1), text_at(row, 2), text_at(row, 3), text_at(row, 4)};
        const bool catalog = o.schema == "pg_catalog";
        if (kind == "f") {
            if (catalog) {
                c.catalog_functions.insert(o.name);
                if (o.detail == "v") {
                    c.catalog_volatile.insert(o.name);
                }
            } else {
                auto key = o.name;
                c.functions.emplace(std::move(key), std::move(o));
            }
        } else if (kind == "o") {
            if (catalog) {
                c.catalog_operators.insert(o.name);
            } else {
                auto key = o.name;
                c.operators.emplace(std::move(key), std::move(o));
            }
        } else if (kind == "t") {
            if (catalog) {
                c.catalog_types.insert(o.name);
            } else {
                auto key = o.name;
                c.types.emplace(std::move(key), std::move(o));
            }
        }
    }
    return c;
}

}  // namespace mcpgw::backends::postgres

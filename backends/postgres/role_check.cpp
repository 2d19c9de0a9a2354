#include "role_check.hpp"

namespace mcpgw::backends::postgres {

const char* role_facts_sql() {
    return "SELECT r.rolsuper, r.rolbypassrls, r.rolreplication, "
           "pg_catalog.array_to_string(ARRAY(SELECT g.rolname::pg_catalog.text "
           "FROM pg_catalog.pg_roles g WHERE g.rolname IN ('pg_execute_server_program', "
           "'pg_monitor', 'pg_read_all_stats', 'pg_read_server_files', 'pg_signal_backend', "
           "'pg_write_server_files') AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER') "
           "ORDER BY 1), ',') "
           "FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER";
}

const char* write_grants_sql() {
    return "SELECT pg_catalog.count(*)::pg_catalog.int8, "
           "pg_catalog.string_agg(s.t, ', ' ORDER BY s.t) FILTER (WHERE s.rn <= 10) "
           "FROM (SELECT pg_catalog.quote_ident(n.nspname) || '.' || "
           "pg_catalog.quote_ident(c.relname) AS t, "
           "pg_catalog.row_number() OVER (ORDER BY n.nspname, c.relname) AS rn "
           "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
           "WHERE c.relkind IN ('r', 'p', 'v', 'f') AND n.nspname <> 'information_schema' "
           "AND n.nspname NOT LIKE 'pg\\_%' "
           "AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')) s";
}

std::optional<role_facts> role_facts_from(const json& rows) {
    if (!rows.is_array() || rows.size() != 1 || !rows[0].is_array() || rows[0].size() != 4) {
        return std::nullopt;
    }
    const json& row = rows[0];
    for (int i = 0; i < 3; ++i) {
        if (!row[i].is_boolean()) {
            return std::nullopt;
        }
    }
    if (!row[3].is_string()) {
        return std::nullopt;
    }
    role_facts r;
    r.superuser = row[0].get<bool>();
    r.bypassrls = row[1].get<bool>();
    r.replication = row[2].get<bool>();
    const auto list = row[3].get<std::string>();
    std::size_t start = 0;
    while (start < list.size()) {
        auto comma = list.find(',', start);
        auto end = comma == std::string::npos ? list.size() : comma;
        if (end > start) {
            r.member_of.push_back(list.substr(start, end - start));
        }
        start = end + 1;
    }
    return r;
}

std::optional<std::string> privileges_of(const role_facts& r) {
    std::vector<std::string> what;
    if (r.superuser) {
        what.emplace_back("is a superuser");  // member of everything: the list says no more
    } else if (!r.member_of.empty()) {
        std::string roles;
        for (const auto& m : r.member_of) {
            roles += (roles.empty() ? "" : ", ") + m;
        }
        what.push_back("is a member of " + roles);
    }
    if (r.bypassrls) {
        what.emplace_back("has BYPASSRLS");
    }
    if (r.replication) {
        what.emplace_back("has REPLICATION");
    }
    if (what.empty()) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < what.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == what.size() ? " and " : ", ") + what[i];
    }
    return out;
}

}  // namespace mcpgw::backends::postgres

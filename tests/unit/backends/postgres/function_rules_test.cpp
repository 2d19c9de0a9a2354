// The function rules by name (function_rules.hpp). Their completeness against a real
// PostgreSQL 15 with every contrib extension is checked in
// tests/integration/postgres/postgres_guard_test.cpp.
#include <backends/postgres/function_rules.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::postgres;

TEST(PostgresFunctionRules, ExactNamesFamiliesAndArity) {
    struct row {
        const char* name;
        std::size_t args;
        function_effect effect;
    };
    const row table[] = {
        {"pg_terminate_backend", 1, function_effect::denied},
        {"pg_advisory_xact_lock_shared", 1, function_effect::denied},  // family
        {"pg_try_advisory_lock", 1, function_effect::denied},
        {"pg_sleep_until", 1, function_effect::denied},
        {"pg_ls_waldir", 0, function_effect::denied},
        {"pg_file_unlink", 1, function_effect::denied},
        {"dblink_connect_u", 2, function_effect::denied},
        {"pg_stat_reset_slru", 1, function_effect::denied},
        {"pg_replication_origin_create", 1, function_effect::denied},
        {"binary_upgrade_set_next_pg_enum_oid", 1, function_effect::denied},
        {"ri_fkey_cascade_del", 0, function_effect::denied},
        {"ts_rewrite", 2, function_effect::denied},
        {"ts_rewrite", 3, function_effect::allowed},
        {"pg_stat_get_backend_activity", 1, function_effect::activity},
        {"pg_stat_get_activity", 1, function_effect::activity},
        {"pg_stat_statements", 1, function_effect::activity},
        {"pg_stat_statements_info", 0, function_effect::allowed},
        {"nextval", 1, function_effect::write},
        {"setval", 2, function_effect::write},
        {"lower", 1, function_effect::allowed},
        {"txid_current_if_assigned", 0, function_effect::allowed},
        {"pg_stat_get_xact_numscans", 1, function_effect::allowed},
        {"my_own_function", 1, function_effect::allowed},
    };
    for (const auto& r : table) {
        SCOPED_TRACE(r.name);
        EXPECT_EQ(function_rule_for(r.name, r.args).effect, r.effect);
        if (r.effect == function_effect::denied) {
            EXPECT_FALSE(function_rule_for(r.name, r.args).why.empty());
        }
    }
}

TEST(PostgresFunctionRules, ActivityRelationsAndSafeSets) {
    EXPECT_TRUE(is_activity_relation("pg_stat_activity"));
    EXPECT_TRUE(is_activity_relation("pg_stat_progress_create_index"));
    EXPECT_TRUE(is_activity_relation("pg_stat_statements"));
    EXPECT_FALSE(is_activity_relation("pg_stat_user_tables"));
    EXPECT_TRUE(is_safe_volatile_catalog_function("random"));
    EXPECT_TRUE(is_safe_volatile_catalog_function("brinhandler"));
    EXPECT_FALSE(is_safe_volatile_catalog_function("pg_stat_force_next_flush"));
    EXPECT_TRUE(is_safe_extension_function("pg_trgm", "similarity"));
    EXPECT_FALSE(is_safe_extension_function("pg_trgm", "set_limit"));
    EXPECT_TRUE(is_safe_extension_function("tablefunc", "normal_rand"));
    EXPECT_FALSE(is_safe_extension_function("tablefunc", "crosstab"));
    EXPECT_FALSE(is_safe_extension_function("dblink", "dblink_get_connections"));
    EXPECT_FALSE(is_safe_extension_function("pgstattuple", "pgstattuple"));
    EXPECT_TRUE(is_reviewed_extension("pgstattuple"));
    EXPECT_FALSE(is_reviewed_extension("pg_cron"));
}

}  // namespace

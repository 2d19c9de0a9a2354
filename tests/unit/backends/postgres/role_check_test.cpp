// Which read_only roles are refused (role_check.hpp), from the rows of the role query:
// table-driven, no server. The real roles are tried in
// tests/integration/postgres/postgres_privilege_test.cpp.
#include <backends/postgres/role_check.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::postgres;
using json = nlohmann::json;

TEST(PostgresRoleCheck, PrivilegesFromTheRoleRow) {
    struct row {
        json rows;
        std::optional<std::string> expected;
    };
    const std::vector<row> table = {
        {json::array({{false, false, false, ""}}), std::nullopt},
        {json::array({{true, false, false, "pg_monitor,pg_read_all_stats,pg_signal_backend"}}),
         "is a superuser"},
        {json::array({{false, true, false, ""}}), "has BYPASSRLS"},
        {json::array({{false, false, true, ""}}), "has REPLICATION"},
        {json::array({{false, false, false, "pg_monitor,pg_read_all_stats"}}),
         "is a member of pg_monitor, pg_read_all_stats"},
        {json::array({{false, false, false, "pg_execute_server_program"}}),
         "is a member of pg_execute_server_program"},
        {json::array({{false, true, true, "pg_write_server_files"}}),
         "is a member of pg_write_server_files, has BYPASSRLS and has REPLICATION"},
        {json::array({{true, true, false, ""}}), "is a superuser and has BYPASSRLS"},
    };
    for (const auto& r : table) {
        SCOPED_TRACE(r.rows.dump());
        auto facts = role_facts_from(r.rows);
        ASSERT_TRUE(facts);
        EXPECT_EQ(privileges_of(*facts), r.expected);
    }
}

TEST(PostgresRoleCheck, UnexpectedAnswersAreNotReadAsHarmless) {
    for (const json& bad :
         {json::array(),
          json::array({{false, false, false}}),
          json::array({{"f", false, false, ""}}),
          json::array({{false, false, false, ""}, {false, false, false, ""}}),
          json::object()}) {
        SCOPED_TRACE(bad.dump());
        EXPECT_FALSE(role_facts_from(bad));
    }
}

TEST(PostgresRoleCheck, TheQueryNamesEveryPrivilegedRole) {
    std::string sql = role_facts_sql();
    for (auto r : privileged_roles) {
        EXPECT_NE(sql.find("'" + std::string(r) + "'"), std::string::npos) << r;
    }
    EXPECT_NE(sql.find("'MEMBER'"), std::string::npos) << "inherited or not";
}

}  // namespace

// The command line: version, check (good and bad configurations, the embedded demo) and
// usage errors, each by exit code and output.
#include "support/gateway_process.hpp"

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

namespace mcpgw::itest {
namespace {

struct run_result {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

/// Runs mcpgw with `args` (already shell-quoted) and `env` assignments; bounded by timeout(1).
run_result run_cli(const std::string& args, const std::string& env = "") {
    std::string command = env + " timeout 20 " + mcpgw_binary() + " " + args + " 2>&1";
    run_result r;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return r;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        r.output.append(buffer, n);
    }
    int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

TEST(Cli, VersionPrintsTheVersion) {
    auto r = run_cli("version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.output.rfind("mcpgw ", 0), 0u) << r.output;
    EXPECT_EQ(run_cli("--version").output, r.output);
}

TEST(Cli, UsageErrorsExitWith2) {
    auto none = run_cli("serve");
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.output.find("--config FILE or --demo is required"), std::string::npos)
        << none.output;
    auto bogus = run_cli("--bogus");
    EXPECT_EQ(bogus.exit_code, 2);
    EXPECT_NE(bogus.output.find("unknown argument '--bogus'"), std::string::npos) << bogus.output;
    auto dangling = run_cli("--config");
    EXPECT_EQ(dangling.exit_code, 2);
    EXPECT_NE(dangling.output.find("--config needs a value"), std::string::npos) << dangling.output;
}

TEST(Cli, CheckListsServersAndTools) {
    temp_dir dir;
    auto config = dir.write("gw.yaml", "servers:\n  - {name: conformance, type: conformance}\n");
    auto r = run_cli("check --config " + config);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("configuration OK"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("conformance (conformance, read_only)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  list_servers\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  test_simple_text\n"), std::string::npos) << r.output;
}

// The production-shaped example (includes, secrets from files and the environment, a
// declared statement) validates once its secrets exist; no database is contacted by check.
TEST(Cli, DatabaseExampleConfigValidates) {
    namespace fs = std::filesystem;
    temp_dir dir;
    std::string examples = std::string(MCPGW_SOURCE_DIR) + "/deploy/examples";
    fs::create_directories(dir.path() + "/servers");
    std::string secrets = dir.path() + "/secrets";
    fs::create_directories(secrets);
    for (const char* name : {"orders-pg", "salescrm", "salescrm-rw", "session-redis"}) {
        dir.write(std::string("secrets/") + name + ".pass", "not-a-real-password\n");
    }
    for (const char* file : {"databases.yaml", "servers/mysql.yaml", "servers/redis.yaml"}) {
        std::string text = read_file(examples + "/" + file);
        for (auto at = text.find("/run/secrets"); at != std::string::npos;
             at = text.find("/run/secrets")) {
            text.replace(at, std::string("/run/secrets").size(), secrets);
        }
        dir.write(file, text);
    }
    auto r = run_cli(
        "check --config " + dir.path() + "/databases.yaml",
        "MCPGW_KEY_SHA256=" + std::string(64, 'a') +
            " ORDERS_PG_HOST=pg.internal SALESCRM_HOST=mysql.internal"
            " SESSION_REDIS_HOST=redis.internal"
    );
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const char* line :
         {"orders-pg (postgres, read_only)",
          "salescrm-rw (mysql, read_write)",
          "session-cache (redis, read_only)",
          "  recent_orders\n",
          "  postgres_query\n",
          "  mysql_query\n",
          "  redis_command\n",
          "  list_tables\n"}) {
        EXPECT_NE(r.output.find(line), std::string::npos) << line << "\n" << r.output;
    }
    EXPECT_EQ(r.output.find("not-a-real-password"), std::string::npos) << r.output;
}

TEST(Cli, CheckNamesTheFileLineAndKeyOfAnError) {
    temp_dir dir;
    auto config = dir.write("bad.yaml", "listen:\n  port: 8080\n  hots: x\n");
    auto r = run_cli("check --config " + config);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("bad.yaml:3"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("unknown key 'hots'"), std::string::npos) << r.output;

    auto unknown_type = dir.write("type.yaml", "servers:\n  - {name: a, type: oracle}\n");
    auto t = run_cli("check --config " + unknown_type);
    EXPECT_EQ(t.exit_code, 2);
    EXPECT_NE(t.output.find("unknown server type 'oracle'"), std::string::npos) << t.output;

    auto missing = run_cli("check --config " + dir.path() + "/absent.yaml");
    EXPECT_EQ(missing.exit_code, 2) << missing.output;
}

// check never writes to disk; serve --demo and demo-db build the one demo database, at the
// path deploy/examples/demo.yaml names too (issue 9, item 6).
TEST(Cli, DemoDatabaseHasOneLocationAndCheckLeavesTheDiskAlone) {
    temp_dir dir;
    std::string db = dir.path() + "/demo.db";
    auto r = run_cli("check --demo", "MCPGW_DEMO_DB=" + db);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(std::filesystem::exists(db)) << "check must not create the database";
    EXPECT_NE(r.output.find("demo (sqlite, read_only)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  sqlite_query\n"), std::string::npos) << r.output;

    auto built = run_cli("demo-db", "MCPGW_DEMO_DB=" + db);
    EXPECT_EQ(built.exit_code, 0) << built.output;
    EXPECT_EQ(built.output, db + " (built)\n");
    EXPECT_TRUE(std::filesystem::exists(db));
    auto again = run_cli("demo-db", "MCPGW_DEMO_DB=" + db);
    EXPECT_EQ(again.output, db + " (already there)\n");

    // The example file and --demo agree on the location: a stdio client configured with
    // deploy/examples/demo.yaml gets a server that is up.
    std::string example = std::string(MCPGW_SOURCE_DIR) + "/deploy/examples/demo.yaml";
    auto from_file = run_cli("check --config " + example, "MCPGW_DEMO_DB=" + db);
    EXPECT_EQ(from_file.exit_code, 0) << from_file.output;
    EXPECT_NE(run_cli("--help").output.find("default /tmp/mcpgw-demo.db"), std::string::npos);
    auto text = read_file(example);
    EXPECT_NE(text.find("${MCPGW_DEMO_DB:-/tmp/mcpgw-demo.db}"), std::string::npos);
}

TEST(Cli, HelpListsEveryCommandAndOption) {
    auto r = run_cli("--help");
    EXPECT_EQ(r.exit_code, 0);
    for (const char* word :
         {"serve",
          "check",
          "demo-db",
          "version",
          "help",
          "--config",
          "--demo",
          "--listen",
          "--stdio",
          "check (--config FILE | --demo)",
          "--stdio (--config FILE | --demo)"}) {
        EXPECT_NE(r.output.find(word), std::string::npos) << word << "\n" << r.output;
    }
    EXPECT_EQ(run_cli("help").output, r.output);
    EXPECT_EQ(run_cli("-h").output, r.output);
    auto both = run_cli("check --demo --config x.yaml");
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_NE(both.output.find("exclude each other"), std::string::npos) << both.output;
}

// check refuses what serve refuses, and says it once.
TEST(Cli, CheckRefusesAnUnauthenticatedPublicBindLikeServe) {
    temp_dir dir;
    auto config = dir.write(
        "open.yaml",
        "listen: {address: 0.0.0.0}\nservers:\n  - {name: conformance, type: conformance}\n"
    );
    auto check = run_cli("check --config " + config);
    EXPECT_EQ(check.exit_code, 2) << check.output;
    EXPECT_NE(
        check.output.find("is not loopback and neither auth.api_keys nor auth.jwt is set"),
        std::string::npos
    ) << check.output;
    auto serve = run_cli("serve --config " + config);
    EXPECT_EQ(serve.exit_code, 2) << serve.output;
    EXPECT_NE(
        serve.output.find("is not loopback and neither auth.api_keys nor auth.jwt is set"),
        std::string::npos
    ) << serve.output;
    // The opt-out is accepted by both.
    auto allowed = dir.write(
        "allowed.yaml",
        "listen: {address: 0.0.0.0}\nauth: {insecure_no_auth: true}\n"
        "servers:\n  - {name: conformance, type: conformance}\n"
    );
    EXPECT_EQ(run_cli("check --config " + allowed).exit_code, 0);
}

TEST(Cli, AConfigurationErrorIsPrintedOnce) {
    temp_dir dir;
    auto config = dir.write("bad.yaml", "listen:\n  port: 8080\n  hots: x\n");
    for (const char* command : {"check", "serve", "--stdio"}) {
        auto r = run_cli(std::string(command) + " --config " + config);
        EXPECT_EQ(r.exit_code, 2) << command << ": " << r.output;
        std::size_t count = 0;
        for (auto pos = r.output.find("unknown key 'hots'"); pos != std::string::npos;
             pos = r.output.find("unknown key 'hots'", pos + 1)) {
            ++count;
        }
        EXPECT_EQ(count, 1U) << command << ": " << r.output;
    }
    // check: plain text for a person; serve: a JSON log line like every other line it writes.
    EXPECT_EQ(
        run_cli("check --config " + config).output.rfind("mcpgw: configuration error: ", 0),
        0U
    );
    EXPECT_EQ(run_cli("serve --config " + config).output.rfind("{", 0), 0U);
}

}  // namespace
}  // namespace mcpgw::itest

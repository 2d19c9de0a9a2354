#include "../support/config_fixtures.hpp"

#include <server/config/gateway_config.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using mcpgw::backends::config_error;
using mcpgw::server::apply_listen_override;
using mcpgw::server::gateway_config;
using mcpgw::server::listen_config;
using mcpgw::server::load_config;
using mcpgw::server::load_config_text;
namespace fs = std::filesystem;

using mcpgw::test::error_of;
using mcpgw::test::scoped_env;
using mcpgw::test::temp_dir;

gateway_config from_text(const std::string& text) {
    return load_config_text(text, "gw.yaml", ".");
}

const std::string digest = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

// ---- good paths ----

TEST(GatewayConfig, EmptyFileGivesDefaults) {
    for (const char* text : {"", "# only a comment\n", "servers: []\n"}) {
        auto cfg = from_text(text);
        EXPECT_EQ(cfg.source_file, "gw.yaml");
        EXPECT_EQ(cfg.listen.address, "127.0.0.1");
        EXPECT_EQ(cfg.listen.port, 8080);
        EXPECT_EQ(cfg.listen.path, "/mcp");
        EXPECT_EQ(cfg.listen.threads, 1);
        EXPECT_EQ(cfg.listen.max_body_bytes, 4u * 1024 * 1024);
        EXPECT_TRUE(cfg.listen.allowed_origins.empty());
        EXPECT_TRUE(cfg.auth.api_keys.empty());
        EXPECT_FALSE(cfg.auth.insecure_no_auth);
        EXPECT_EQ(cfg.sessions.idle_ttl, 30min);
        EXPECT_EQ(cfg.sessions.heartbeat, 15s);
        EXPECT_EQ(cfg.limits.max_inflight_calls, 256u);
        EXPECT_EQ(cfg.limits.default_call_timeout, 30s);
        EXPECT_EQ(cfg.log_level, "info");
        EXPECT_TRUE(cfg.servers.empty());
        EXPECT_TRUE(cfg.tools.empty());
    }
}

TEST(GatewayConfig, ReadsEveryKey) {
    auto cfg = from_text(
        R"(
listen:
  address: 0.0.0.0
  port: 9090
  path: /gateway
  allowed_origins: [http://localhost:6274]
  allowed_hosts: [gw.example.com, "gw.example.com:9090"]
  max_body_bytes: 1048576
  max_header_bytes: 8192
  max_connections: 50
  threads: 1
auth:
  api_keys:
    - {name: ops-bot, sha256: ")" +
        digest + R"("}
  insecure_no_auth: false
sessions:
  idle_ttl: 10m
  max_sessions: 20
  replay_events: 0
  heartbeat: 5s
  sse_retry_ms: 2500
limits:
  max_inflight_calls: 8
  default_call_timeout: 1500ms
  drain_timeout: 0
log_level: debug
servers:
  - {name: local.db_1, type: sqlite, path: /tmp/x.db, anything: goes}
  - name: demo
    type: conformance
tools:
  - {name: top, server: local.db_1, statement: SELECT 1}
)"
    );
    EXPECT_EQ(cfg.listen.address, "0.0.0.0");
    EXPECT_EQ(cfg.listen.port, 9090);
    EXPECT_EQ(cfg.listen.path, "/gateway");
    EXPECT_EQ(cfg.listen.allowed_origins, (std::vector<std::string>{"http://localhost:6274"}));
    EXPECT_EQ(cfg.listen.allowed_hosts.size(), 2u);
    EXPECT_EQ(cfg.listen.max_body_bytes, 1048576u);
    EXPECT_EQ(cfg.listen.max_header_bytes, 8192u);
    EXPECT_EQ(cfg.listen.max_connections, 50u);
    EXPECT_EQ(cfg.listen.threads, 1);
    ASSERT_EQ(cfg.auth.api_keys.size(), 1u);
    EXPECT_EQ(cfg.auth.api_keys[0].name, "ops-bot");
    EXPECT_EQ(cfg.auth.api_keys[0].sha256[0], 0x9f);
    EXPECT_EQ(cfg.auth.api_keys[0].sha256[1], 0x86);
    EXPECT_EQ(cfg.auth.api_keys[0].sha256[31], 0x08);
    EXPECT_EQ(cfg.sessions.idle_ttl, 10min);
    EXPECT_EQ(cfg.sessions.max_sessions, 20u);
    EXPECT_EQ(cfg.sessions.replay_events, 0u);
    EXPECT_EQ(cfg.sessions.heartbeat, 5s);
    EXPECT_EQ(cfg.sessions.sse_retry_ms, 2500);
    EXPECT_EQ(cfg.limits.max_inflight_calls, 8u);
    EXPECT_EQ(cfg.limits.default_call_timeout, 1500ms);
    EXPECT_EQ(cfg.limits.drain_timeout, 0ms);
    EXPECT_EQ(cfg.log_level, "debug");
    ASSERT_EQ(cfg.servers.size(), 2u);
    EXPECT_EQ(cfg.servers[0].required_string("path"), "/tmp/x.db");
    EXPECT_EQ(cfg.servers[1].path(), "servers[1]");
    ASSERT_EQ(cfg.tools.size(), 1u);
    EXPECT_EQ(cfg.tools[0].required_string("statement"), "SELECT 1");
}

TEST(GatewayConfig, InterpolatesEnvironmentAndFiles) {
    temp_dir dir;
    auto secret = dir.write("key.sha", digest + "\n");
    scoped_env port("MCPGW_T_PORT", "7777");
    scoped_env unset("MCPGW_T_UNSET", nullptr);
    auto cfg = from_text(
        "listen:\n"
        "  port: \"${MCPGW_T_PORT}\"\n"
        "  address: ${MCPGW_T_UNSET:-::1}\n"
        "auth:\n"
        "  api_keys: [{name: k, sha256: \"${file:" +
        secret + "}\"}]\n"
    );
    EXPECT_EQ(cfg.listen.port, 7777);
    EXPECT_EQ(cfg.listen.address, "::1");
    EXPECT_EQ(cfg.auth.api_keys.at(0).sha256[0], 0x9f);
}

TEST(GatewayConfig, IncludesYamlAndJsonRelativeToTheIncludingFile) {
    temp_dir dir;
    dir.write(
        "conf.d/mysql.yaml",
        "servers:\n  - {name: db1, type: sqlite}\ninclude: [more/redis.json]\n"
    );
    dir.write(
        "conf.d/more/redis.json",
        "{\n\t\"servers\": [{\"name\": \"cache\", \"type\": \"conformance\"}],\n"
        "\t\"tools\": [{\"name\": \"t1\", \"server\": \"main\"}]\n}\n"
    );
    dir.write("extra.yml", "tools:\n  - {name: t2, server: db1}\n");
    auto main = dir.write(
        "gw.yaml",
        "servers:\n  - {name: main, type: sqlite}\ninclude:\n  - conf.d/mysql.yaml\n  - extra.yml\n"
    );
    auto cfg = load_config(main);
    EXPECT_EQ(cfg.source_file, main);
    ASSERT_EQ(cfg.servers.size(), 3u);
    EXPECT_EQ(cfg.servers[0].required_string("name"), "main");
    EXPECT_EQ(cfg.servers[1].required_string("name"), "db1");
    EXPECT_EQ(cfg.servers[2].required_string("name"), "cache");
    EXPECT_NE(cfg.servers[2].file().find("redis.json"), std::string::npos);
    ASSERT_EQ(cfg.tools.size(), 2u);
    EXPECT_EQ(cfg.tools[0].required_string("name"), "t1");
    EXPECT_EQ(cfg.tools[1].required_string("name"), "t2");
}

TEST(GatewayConfig, LoadConfigTextResolvesIncludesAgainstBaseDir) {
    temp_dir dir;
    dir.write("s.yaml", "servers: [{name: x, type: sqlite}]\n");
    auto cfg = load_config_text("include: [s.yaml]\n", "<demo>", dir.path());
    ASSERT_EQ(cfg.servers.size(), 1u);
}

TEST(GatewayConfig, NineLevelsAreTooDeepEightAreFine) {
    temp_dir dir;
    // gw.yaml -> l1 -> ... -> lN: the main file is depth 0.
    auto chain = [&](int levels) {
        for (int i = 1; i <= levels; ++i) {
            std::string next = i < levels ? "include: [l" + std::to_string(i + 1) + ".yaml]\n" : "";
            dir.write(
                "l" + std::to_string(i) + ".yaml",
                "servers: [{name: s" + std::to_string(i) + ", type: t}]\n" + next
            );
        }
        return dir.write("gw.yaml", "include: [l1.yaml]\n");
    };
    EXPECT_EQ(load_config(chain(8)).servers.size(), 8u);
    auto msg = error_of([&] {
        load_config(chain(9));
    });
    EXPECT_NE(
        msg.find("l8.yaml:2: include[0]: includes are nested deeper than 8 levels"),
        std::string::npos
    ) << msg;
}

// ---- error paths ----

struct error_case {
    const char* name;
    std::string yaml;
    std::string expected;  // substring of the message
};

TEST(GatewayConfig, Errors) {
    scoped_env unset("MCPGW_T_UNSET", nullptr);
    const error_case cases[] = {
        {"unknown top-level key",
         "listen: {}\nlisten_port: 1\n",
         "gw.yaml:2: listen_port: unknown key 'listen_port'"},
        {"unknown listen key",
         "listen:\n  port: 1\n  hots: x\n",
         "gw.yaml:3: listen.hots: unknown key 'hots'"},
        {"unknown auth key",
         "auth: {api_key: []}\n",
         "gw.yaml:1: auth.api_key: unknown key 'api_key'"},
        {"unknown api key field",
         "auth:\n  api_keys:\n    - {name: a, sha256: \"" + digest + "\", role: x}\n",
         "gw.yaml:3: auth.api_keys[0].role: unknown key 'role'"},
        {"unknown sessions key", "sessions: {ttl: 5s}\n", "sessions.ttl: unknown key 'ttl'"},
        {"unknown limits key",
         "limits: {max_calls: 5}\n",
         "limits.max_calls: unknown key 'max_calls'"},
        {"top level is a list", "- a\n- b\n", "gw.yaml:1: expected a map at the top level"},
        {"listen is a scalar", "listen: 8080\n", "gw.yaml:1: listen: expected a map, got a scalar"},
        {"port not a number",
         "listen: {port: http}\n",
         "listen.port: expected an integer, got 'http'"},
        {"port too big",
         "listen:\n  port: 70000\n",
         "gw.yaml:2: listen.port: must be between 0 and 65535, got 70000"},
        {"port negative", "listen: {port: -1}\n", "listen.port: must be between 0 and 65535"},
        {"threads zero",
         "listen: {threads: 0}\n",
         "listen.threads: must be between 1 and 1, got 0"},
        {"threads too many", "listen: {threads: 2}\n", "listen.threads: must be between 1 and 1"},
        {"body size zero",
         "listen: {max_body_bytes: 0}\n",
         "listen.max_body_bytes: must be at least 1"},
        {"header size zero",
         "listen: {max_header_bytes: 0}\n",
         "listen.max_header_bytes: must be at least 1"},
        {"connections zero",
         "listen: {max_connections: 0}\n",
         "listen.max_connections: must be at least 1"},
        {"path without slash",
         "listen: {path: mcp}\n",
         "listen.path: must start with '/', got 'mcp'"},
        {"empty address", "listen: {address: \"\"}\n", "listen.address: must not be empty"},
        {"origins not a list",
         "listen: {allowed_origins: http://x}\n",
         "listen.allowed_origins: expected a list of strings"},
        {"env unset",
         "listen:\n  address: ${MCPGW_T_UNSET}\n",
         "gw.yaml:2: listen.address: environment variable MCPGW_T_UNSET is not set"},
        {"file missing",
         "listen:\n  address: ${file:/nonexistent/mcpgw/addr}\n",
         "gw.yaml:2: listen.address: cannot read file '/nonexistent/mcpgw/addr'"},
        {"bad duration",
         "sessions:\n  idle_ttl: 5 minutes\n",
         "gw.yaml:2: sessions.idle_ttl: expected a duration"},
        {"negative duration",
         "limits: {default_call_timeout: -1s}\n",
         "limits.default_call_timeout: a duration cannot be negative"},
        {"zero heartbeat",
         "sessions: {heartbeat: 0s}\n",
         "sessions.heartbeat: must be greater than 0"},
        {"sse retry too big",
         "sessions: {sse_retry_ms: 99999999}\n",
         "sessions.sse_retry_ms: must be between 0 and 3600000"},
        {"bad bool",
         "auth: {insecure_no_auth: sure}\n",
         "auth.insecure_no_auth: expected true or false, got 'sure'"},
        {"bad log level",
         "log_level: verbose\n",
         "gw.yaml:1: log_level: expected debug, info, warn or error, got 'verbose'"},
        {"api_keys not a list", "auth: {api_keys: abc}\n", "auth.api_keys: expected a list"},
        {"api key not a map",
         "auth: {api_keys: [abc]}\n",
         "auth.api_keys[0]: expected a map with 'name' and 'sha256'"},
        {"api key without name",
         "auth: {api_keys: [{sha256: \"" + digest + "\"}]}\n",
         "auth.api_keys[0]: missing required key 'name'"},
        {"api key without sha256",
         "auth: {api_keys: [{name: a}]}\n",
         "auth.api_keys[0]: missing required key 'sha256'"},
        {"sha256 too short",
         "auth:\n  api_keys:\n    - {name: a, sha256: abcdef}\n",
         "gw.yaml:3: auth.api_keys[0].sha256: expected 64 hexadecimal characters (a SHA-256 "
         "digest), got 6 characters"},
        {"sha256 not hex",
         "auth: {api_keys: [{name: a, sha256: \"" + std::string(63, 'a') + "z\"}]}\n",
         "auth.api_keys[0].sha256: expected 64 hexadecimal characters (a SHA-256 digest), found a "
         "non-hex character"},
        {"duplicate api key name",
         "auth: {api_keys: [{name: a, sha256: \"" + digest + "\"}, {name: a, sha256: \"" + digest +
             "\"}]}\n",
         "auth.api_keys[1].name: duplicate api key name 'a'"},
        {"servers not a list",
         "servers: {name: a}\n",
         "gw.yaml:1: servers: expected a list, got a map"},
        {"server not a map",
         "servers: [sqlite]\n",
         "servers[0]: expected a map with at least 'name' and 'type'"},
        {"server without name",
         "servers:\n  - {type: sqlite}\n",
         "gw.yaml:2: servers[0]: missing required key 'name'"},
        {"server without type",
         "servers:\n  - {name: a}\n",
         "gw.yaml:2: servers[0]: missing required key 'type'"},
        {"server with empty type",
         "servers:\n  - {name: a, type: \"\"}\n",
         "servers[0].type: must not be empty"},
        {"server name with space",
         "servers:\n  - {name: my db, type: sqlite}\n",
         "gw.yaml:2: servers[0].name: a server name must be non-empty and use only letters, "
         "digits"},
        {"server name empty",
         "servers:\n  - {name: \"\", type: sqlite}\n",
         "servers[0].name: a server name must be non-empty"},
        {"duplicate server in one file",
         "servers:\n  - {name: a, type: sqlite}\n  - {name: a, type: sqlite}\n",
         "gw.yaml:3: servers[1].name: duplicate server name 'a' (first defined at gw.yaml:2)"},
        {"tool without server",
         "servers: [{name: a, type: t}]\ntools:\n  - {name: x}\n",
         "gw.yaml:3: tools[0]: missing required key 'server'"},
        {"tool without name", "tools:\n  - {server: a}\n", "tools[0]: missing required key 'name'"},
        {"tool naming unknown server",
         "servers: [{name: a, type: t}]\ntools:\n  - name: x\n    server: b\n",
         "gw.yaml:4: tools[0].server: no server named 'b' is configured"},
        {"duplicate tool name",
         "servers: [{name: a, type: t}]\ntools:\n  - {name: x, server: a}\n  - {name: x, server: "
         "a}\n",
         "gw.yaml:4: tools[1].name: duplicate tool name 'x' (first defined at gw.yaml:3)"},
        {"tool not a map", "tools: [x]\n", "tools[0]: expected a map"},
        {"yaml syntax error", "listen:\n  port: 80\nservers: [\n  {name: a\n", "gw.yaml:"},
        {"yaml syntax error in block",
         "listen:\n  port: 80\n bad: indent\n",
         "gw.yaml:3: YAML syntax error:"},
        {"duplicate top-level key",
         "log_level: info\nlog_level: debug\n",
         "gw.yaml:2: log_level: duplicate key 'log_level'"},
        {"include not a list", "include: a.yaml\n", "include: expected a list"},
        {"include missing file",
         "include:\n  - /nonexistent/mcpgw/more.yaml\n",
         "gw.yaml:2: include[0]: /nonexistent/mcpgw/more.yaml: cannot read"},
        {"include wrong extension",
         "include: [servers.txt]\n",
         "include[0]: can only include .yaml, .yml or .json files, got 'servers.txt'"},
    };
    for (const auto& c : cases) {
        auto msg = error_of([&] {
            from_text(c.yaml);
        });
        EXPECT_NE(msg.find(c.expected), std::string::npos)
            << c.name << "\n  got:      " << msg << "\n  expected: " << c.expected;
    }
}

TEST(GatewayConfig, SyntaxErrorNamesTheLine) {
    auto msg = error_of([] {
        from_text("a: 1\nb: [1, 2\nc: 3\n");
    });
    EXPECT_EQ(msg.rfind("gw.yaml:", 0), 0u) << msg;
    EXPECT_NE(msg.find("YAML syntax error: end of sequence flow not found"), std::string::npos)
        << msg;
}

struct file_error_case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> files;  // name, text; main is "gw.yaml"
    std::string expected;
};

TEST(GatewayConfig, IncludeErrors) {
    const file_error_case cases[] = {
        {"cycle",
         {{"gw.yaml", "include: [a.yaml]\n"},
          {"a.yaml", "include: [b.yaml]\n"},
          {"b.yaml", "servers: []\ninclude:\n  - a.yaml\n"}},
         "b.yaml:3: include[0]: include cycle: "},
        {"self include",
         {{"gw.yaml", "include: [gw.yaml]\n"}},
         "gw.yaml:1: include[0]: include cycle: "},
        {"duplicate server across includes",
         {{"gw.yaml", "servers:\n  - {name: db, type: sqlite}\ninclude: [more.yaml]\n"},
          {"more.yaml", "servers:\n  - {name: x, type: sqlite}\n  - {name: db, type: sqlite}\n"}},
         "more.yaml:3: servers[1].name: duplicate server name 'db' (first defined at "},
        {"tool in include naming unknown server",
         {{"gw.yaml", "include: [t.json]\n"},
          {"t.json", "{\"tools\": [{\"name\": \"x\", \"server\": \"nope\"}]}"}},
         "t.json:1: tools[0].server: no server named 'nope' is configured"},
        {"forbidden key in include",
         {{"gw.yaml", "include: [a.yaml]\n"}, {"a.yaml", "servers: []\nlisten: {port: 1}\n"}},
         "a.yaml:2: listen: unknown key 'listen' (allowed: include, servers, tools)"},
        {"syntax error in include",
         {{"gw.yaml", "include: [a.yaml]\n"}, {"a.yaml", "servers:\n  - {name: a\n"}},
         "a.yaml:"},
        {"include is a list",
         {{"gw.yaml", "include: [a.yaml]\n"}, {"a.yaml", "- 1\n"}},
         "a.yaml:1: an included file must be a map"},
        {"missing nested include",
         {{"gw.yaml", "include: [a.yaml]\n"}, {"a.yaml", "include:\n  - gone.yml\n"}},
         "a.yaml:2: include[0]: "},
    };
    for (const auto& c : cases) {
        temp_dir dir;
        std::string main;
        for (const auto& [name, text] : c.files) {
            auto p = dir.write(name, text);
            if (name == "gw.yaml") {
                main = p;
            }
        }
        auto msg = error_of([&] {
            load_config(main);
        });
        EXPECT_NE(msg.find(c.expected), std::string::npos)
            << c.name << "\n  got:      " << msg << "\n  expected: " << c.expected;
    }
}

TEST(GatewayConfig, DuplicateServerErrorNamesBothFiles) {
    temp_dir dir;
    dir.write("more.yaml", "servers:\n  - {name: db, type: sqlite}\n");
    auto main =
        dir.write("gw.yaml", "servers:\n  - {name: db, type: sqlite}\ninclude: [more.yaml]\n");
    auto msg = error_of([&] {
        load_config(main);
    });
    EXPECT_NE(
        msg.find("more.yaml:2: servers[0].name: duplicate server name 'db'"),
        std::string::npos
    ) << msg;
    EXPECT_NE(msg.find("(first defined at " + main + ":2)"), std::string::npos) << msg;
}

TEST(GatewayConfig, MissingMainFile) {
    auto msg = error_of([] {
        load_config("/nonexistent/mcpgw/gw.yaml");
    });
    EXPECT_NE(msg.find("/nonexistent/mcpgw/gw.yaml: cannot read"), std::string::npos) << msg;
}

TEST(GatewayConfig, SecretsAreNotEchoed) {
    scoped_env secret("MCPGW_T_SECRET", "hunter2");
    temp_dir dir;
    auto file = dir.write("secret", "hunter2-file\n");
    for (const auto& text : {
             std::string("listen: {port: \"${MCPGW_T_SECRET}\"}\n"),
             std::string("listen: {threads: \"${file:" + file + "}\"}\n"),
             std::string("auth: {api_keys: [{name: a, sha256: \"${MCPGW_T_SECRET}\"}]}\n"),
         }) {
        auto msg = error_of([&] {
            from_text(text);
        });
        EXPECT_FALSE(msg.empty()) << text;
        EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
    }
}

// ---- --listen ----

TEST(ListenOverride, GoodInputs) {
    struct row {
        const char* in;
        const char* address;
        std::uint16_t port;
    };
    const row rows[] = {
        {"127.0.0.1:0", "127.0.0.1", 0},
        {"[::1]:8080", "::1", 8080},
        {":9000", "10.1.2.3", 9000},
        {"0.0.0.0:80", "0.0.0.0", 80},
        {"localhost:65535", "localhost", 65535},
    };
    for (const auto& r : rows) {
        listen_config l;
        l.address = "10.1.2.3";
        apply_listen_override(l, r.in);
        EXPECT_EQ(l.address, r.address) << r.in;
        EXPECT_EQ(l.port, r.port) << r.in;
    }
}

TEST(ListenOverride, BadInputs) {
    for (const char* in :
         {"",
          "8080",
          "host:",
          "host:http",
          "host:65536",
          "host:-1",
          "::1:80",
          "[::1]",
          "[]:80",
          "[::1]:x",
          "a:80x"}) {
        listen_config l;
        auto msg = error_of([&] {
            apply_listen_override(l, in);
        });
        EXPECT_NE(msg.find("--listen '"), std::string::npos) << in << " -> " << msg;
        EXPECT_EQ(l.port, 8080) << in;  // untouched on error
    }
}

}  // namespace

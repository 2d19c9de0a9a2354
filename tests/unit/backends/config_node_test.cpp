#include "../support/config_fixtures.hpp"

#include <backends/core/config_node.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using mcpgw::backends::access_mode;
using mcpgw::backends::config_error;
using mcpgw::backends::config_node;
using mcpgw::backends::interpolate;
namespace fs = std::filesystem;

config_node parse(const std::string& text) {
    return config_node(YAML::Load(text), "gw.yaml", "servers[2]");
}

using mcpgw::test::error_of;
using mcpgw::test::scoped_env;
using mcpgw::test::temp_dir;

// ---- interpolate ----

TEST(Interpolate, ExpandsEnvironmentDefaultsAndEscapes) {
    scoped_env host("MCPGW_T_HOST", "db.internal");
    scoped_env empty("MCPGW_T_EMPTY", "");
    scoped_env unset("MCPGW_T_UNSET", nullptr);
    struct row {
        const char* in;
        const char* out;
    };
    const row rows[] = {
        {"plain", "plain"},
        {"", ""},
        {"${MCPGW_T_HOST}", "db.internal"},
        {"tcp://${MCPGW_T_HOST}:5432/x", "tcp://db.internal:5432/x"},
        {"${MCPGW_T_HOST}${MCPGW_T_HOST}", "db.internaldb.internal"},
        {"${MCPGW_T_UNSET:-fallback}", "fallback"},
        {"${MCPGW_T_UNSET:-}", ""},
        {"${MCPGW_T_EMPTY:-dflt}", "dflt"},
        {"${MCPGW_T_EMPTY}", ""},
        {"${MCPGW_T_HOST:-unused}", "db.internal"},
        {"$${MCPGW_T_HOST}", "${MCPGW_T_HOST}"},
        {"cost: $5 and $$", "cost: $5 and $$"},
        {"a$", "a$"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(interpolate(r.in), r.out) << r.in;
    }
}

TEST(Interpolate, ReadsFilesTrimmingOneNewline) {
    temp_dir dir;
    auto one = dir.write("pass", "s3cret\n");
    auto two = dir.write("pass2", "line\n\n");
    auto crlf = dir.write("pass3", "win\r\n");
    auto none = dir.write("pass4", "raw");
    EXPECT_EQ(interpolate("${file:" + one + "}"), "s3cret");
    EXPECT_EQ(interpolate("${file:" + two + "}"), "line\n");
    EXPECT_EQ(interpolate("${file:" + crlf + "}"), "win");
    EXPECT_EQ(interpolate("pw=${file:" + none + "};"), "pw=raw;");
}

TEST(Interpolate, ExpandedTextIsNotScannedAgain) {
    scoped_env v("MCPGW_T_NESTED", "${HOME}");
    EXPECT_EQ(interpolate("${MCPGW_T_NESTED}"), "${HOME}");
}

TEST(Interpolate, Errors) {
    scoped_env unset("MCPGW_T_UNSET", nullptr);
    struct row {
        std::string in;
        std::string expected;
    };
    const row rows[] = {
        {"${MCPGW_T_UNSET}", "environment variable MCPGW_T_UNSET is not set"},
        {"x ${MCPGW_T_HOST", "unterminated '${'"},
        {"${}", "invalid variable name ''"},
        {"${1ABC}", "invalid variable name '1ABC'"},
        {"${A-B}", "invalid variable name 'A-B'"},
        {"${file:}", "needs a path"},
        {"${file:/nonexistent/mcpgw/secret}", "cannot read file '/nonexistent/mcpgw/secret'"},
    };
    for (const auto& r : rows) {
        auto msg = error_of([&] {
            interpolate(r.in);
        });
        EXPECT_NE(msg.find(r.expected), std::string::npos) << r.in << " -> " << msg;
    }
}

// ---- config_node ----

TEST(ConfigNode, ReadsTypedValues) {
    scoped_env port("MCPGW_T_PORT", "5433");
    scoped_env flag("MCPGW_T_FLAG", "true");
    auto n = parse(R"(
name: main
port: "${MCPGW_T_PORT}"
rows: 25
negative: -3
enabled: ${MCPGW_T_FLAG}
off: no
timeout: 2m
access: read_write
hosts: [a, "${MCPGW_T_PORT}"]
empty:
)");
    EXPECT_EQ(n.required_string("name"), "main");
    EXPECT_EQ(n.optional_int("port", 0, 1, 65535), 5433);
    EXPECT_EQ(n.optional_int("rows", 0, 0, 100), 25);
    EXPECT_EQ(n.optional_int("negative", 0, -10, 10), -3);
    EXPECT_EQ(n.optional_int("missing", 7, 0, 10), 7);
    EXPECT_EQ(n.optional_int("empty", 9, 0, 10), 9);  // an explicit null is "not set"
    EXPECT_TRUE(n.optional_bool("enabled", false));
    EXPECT_FALSE(n.optional_bool("off", true));
    EXPECT_EQ(n.optional_duration("timeout", 1s), 2min);
    EXPECT_EQ(n.optional_duration("missing", 1500ms), 1500ms);
    EXPECT_EQ(n.optional_access("access", access_mode::read_only), access_mode::read_write);
    EXPECT_EQ(n.optional_access("missing", access_mode::read_only), access_mode::read_only);
    EXPECT_EQ(n.optional_string_list("hosts"), (std::vector<std::string>{"a", "5433"}));
    EXPECT_TRUE(n.optional_string_list("missing").empty());
    EXPECT_EQ(n.optional_string("missing", "x"), "x");
    EXPECT_TRUE(n.has("port"));
    EXPECT_FALSE(n.has("nope"));
    EXPECT_NO_THROW(n.check_keys(
        {"name",
         "port",
         "rows",
         "negative",
         "enabled",
         "off",
         "timeout",
         "access",
         "hosts",
         "empty"}
    ));
}

TEST(ConfigNode, Durations) {
    struct row {
        const char* text;
        std::chrono::milliseconds expected;
    };
    const row rows[] = {
        {"30s", 30s},
        {"500ms", 500ms},
        {"2m", 2min},
        {"1h", 1h},
        {"45", 45s},
        {"0", 0ms},
        {"0ms", 0ms},
        {"\" 10 s \"", 10s},
    };
    for (const auto& r : rows) {
        auto n = parse(std::string("d: ") + r.text);
        EXPECT_EQ(n.optional_duration("d", 1s), r.expected) << r.text;
    }
}

TEST(ConfigNode, PathsAndLines) {
    auto root = config_node(
        YAML::Load("a: 1\nservers:\n  - name: x\n  - name: y\n    sub: {k: v}\n"),
        "f.yaml",
        ""
    );
    EXPECT_EQ(root.line(), 1);
    auto servers = root.child("servers").elements();
    ASSERT_EQ(servers.size(), 2u);
    EXPECT_EQ(servers[1].path(), "servers[1]");
    EXPECT_EQ(servers[1].line(), 4);
    EXPECT_EQ(servers[1].child("sub").path(), "servers[1].sub");
    EXPECT_EQ(servers[1].child("sub").line(), 5);
    EXPECT_FALSE(root.optional_child("zzz").has_value());
    EXPECT_EQ(config_node(YAML::Node(), "f.yaml", "").line(), 0);
}

TEST(ConfigNode, FailFormatsLocation) {
    auto n = parse("\n\nmax_rows: abc\n");
    EXPECT_EQ(
        error_of([&] {
            n.optional_int("max_rows", 1, 0, 10);
        }),
        "gw.yaml:3: servers[2].max_rows: expected an integer, got 'abc'"
    );
}

struct error_case {
    std::string name;
    std::string yaml;
    std::function<void(const config_node&)> read;
    std::string expected;  // a substring of the message
};

TEST(ConfigNode, ErrorsNameFileLineAndPath) {
    scoped_env unset("MCPGW_T_UNSET", nullptr);
    scoped_env secret("MCPGW_T_SECRET", "hunter2");
    const error_case cases[] = {
        {"unknown key",
         "name: a\nhots: b\n",
         [](const config_node& n) {
             n.check_keys({"name", "type", "host"});
         },
         "gw.yaml:2: servers[2].hots: unknown key 'hots' (allowed: name, type, host); did you mean "
         "'host'?"},
        {"unknown key without suggestion",
         "zzzzzz: 1\n",
         [](const config_node& n) {
             n.check_keys({"name"});
         },
         "gw.yaml:1: servers[2].zzzzzz: unknown key 'zzzzzz' (allowed: name)"},
        {"duplicate key",
         "name: a\nname: b\n",
         [](const config_node& n) {
             n.check_keys({"name"});
         },
         "gw.yaml:2: servers[2].name: duplicate key 'name' (first at line 1)"},
        {"check_keys on a list",
         "[1, 2]",
         [](const config_node& n) {
             n.check_keys({"name"});
         },
         "gw.yaml:1: servers[2]: expected a map, got a list"},
        {"missing required",
         "type: x\n",
         [](const config_node& n) {
             n.required_string("name");
         },
         "gw.yaml:1: servers[2]: missing required key 'name'"},
        {"required is null",
         "type: x\nname:\n",
         [](const config_node& n) {
             n.required_string("name");
         },
         "gw.yaml:2: servers[2].name: expected a string, got nothing"},
        {"string is a map",
         "name: {a: 1}\n",
         [](const config_node& n) {
             n.required_string("name");
         },
         "servers[2].name: expected a string, got a map"},
        {"string is a list",
         "name: [1]\n",
         [](const config_node& n) {
             n.optional_string("name", "");
         },
         "servers[2].name: expected a string, got a list"},
        {"not an integer",
         "x: 1\nmax_rows: abc\n",
         [](const config_node& n) {
             n.optional_int("max_rows", 1, 0, 10);
         },
         "gw.yaml:2: servers[2].max_rows: expected an integer, got 'abc'"},
        {"float is not an integer",
         "max_rows: 1.5\n",
         [](const config_node& n) {
             n.optional_int("max_rows", 1, 0, 10);
         },
         "expected an integer, got '1.5'"},
        {"integer out of range",
         "threads: 100\n",
         [](const config_node& n) {
             n.optional_int("threads", 1, 1, 64);
         },
         "servers[2].threads: must be between 1 and 64, got 100"},
        {"integer below minimum",
         "size: 0\n",
         [](const config_node& n) {
             n.optional_int("size", 1, 1, INT64_MAX);
         },
         "servers[2].size: must be at least 1, got 0"},
        {"integer overflow",
         "size: 99999999999999999999\n",
         [](const config_node& n) {
             n.optional_int("size", 1, 1, INT64_MAX);
         },
         "expected an integer"},
        {"bad bool",
         "on_off: maybe\n",
         [](const config_node& n) {
             n.optional_bool("on_off", false);
         },
         "servers[2].on_off: expected true or false, got 'maybe'"},
        {"bad duration unit",
         "timeout: 10 parsecs\n",
         [](const config_node& n) {
             n.optional_duration("timeout", 1s);
         },
         "servers[2].timeout: expected a duration such as 30s, 500ms, 2m, 1h or a number of "
         "seconds, got '10 parsecs'"},
        {"duration garbage",
         "timeout: soon\n",
         [](const config_node& n) {
             n.optional_duration("timeout", 1s);
         },
         "expected a duration"},
        {"duration fraction",
         "timeout: 1.5s\n",
         [](const config_node& n) {
             n.optional_duration("timeout", 1s);
         },
         "expected a duration"},
        {"negative duration",
         "timeout: -5s\n",
         [](const config_node& n) {
             n.optional_duration("timeout", 1s);
         },
         "servers[2].timeout: a duration cannot be negative, got '-5s'"},
        {"huge duration",
         "timeout: 9999999999999999h\n",
         [](const config_node& n) {
             n.optional_duration("timeout", 1s);
         },
         "duration is too large"},
        {"bad access",
         "access: admin\n",
         [](const config_node& n) {
             n.optional_access("access", access_mode::read_only);
         },
         "servers[2].access: expected read_only or read_write, got 'admin'"},
        {"string list is a scalar",
         "hosts: a\n",
         [](const config_node& n) {
             n.optional_string_list("hosts");
         },
         "servers[2].hosts: expected a list of strings, got a scalar"},
        {"string list element is a map",
         "hosts:\n  - a\n  - {b: 1}\n",
         [](const config_node& n) {
             n.optional_string_list("hosts");
         },
         "gw.yaml:3: servers[2].hosts[1]: expected a string, got a map"},
        {"env unset",
         "password: \"${MCPGW_T_UNSET}\"\n",
         [](const config_node& n) {
             n.required_string("password");
         },
         "gw.yaml:1: servers[2].password: environment variable MCPGW_T_UNSET is not set"},
        {"env unset in integer",
         "port: ${MCPGW_T_UNSET}\n",
         [](const config_node& n) {
             n.optional_int("port", 1, 0, 65535);
         },
         "servers[2].port: environment variable MCPGW_T_UNSET is not set"},
        {"file missing",
         "password: ${file:/nonexistent/mcpgw.pass}\n",
         [](const config_node& n) {
             n.required_string("password");
         },
         "gw.yaml:1: servers[2].password: cannot read file '/nonexistent/mcpgw.pass'"},
        {"interpolated value is not echoed",
         "port: ${MCPGW_T_SECRET}\n",
         [](const config_node& n) {
             n.optional_int("port", 1, 0, 65535);
         },
         "servers[2].port: expected an integer, got '${MCPGW_T_SECRET}'"},
        {"elements of a map",
         "a: 1\n",
         [](const config_node& n) {
             n.elements();
         },
         "servers[2]: expected a list, got a map"},
        {"child of a scalar",
         "just text",
         [](const config_node& n) {
             n.child("x");
         },
         "servers[2]: expected a map, got a scalar"},
    };
    for (const auto& c : cases) {
        auto n = parse(c.yaml);
        auto msg = error_of([&] {
            c.read(n);
        });
        EXPECT_NE(msg.find(c.expected), std::string::npos)
            << c.name << "\n  got:      " << msg << "\n  expected: " << c.expected;
        EXPECT_EQ(msg.find("hunter2"), std::string::npos) << c.name;
    }
}

TEST(ConfigNode, FileSecretNeverInErrors) {
    temp_dir dir;
    auto secret = dir.write("secret", "not-a-number-hunter2\n");
    auto n = parse("port: ${file:" + secret + "}\n");
    auto msg = error_of([&] {
        n.optional_int("port", 1, 0, 65535);
    });
    EXPECT_NE(msg.find("expected an integer"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
}

}  // namespace

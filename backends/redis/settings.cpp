#include "settings.hpp"

#include "text_util.hpp"

#include <backends/core/log.hpp>
#include <backends/core/pool/pool_config.hpp>

#include <charconv>

namespace mcpgw::backends::redis {
namespace {

struct url_parts {
    std::string host;
    std::optional<std::uint16_t> port;
    std::string username;
    std::string password;
    std::optional<int> db;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// %XX escapes in the user-info part (a password may contain '@' or ':').
std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) {
            return std::nullopt;
        }
        int hi = hex_value(s[i + 1]);
        int lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

template <typename T>
std::optional<T> number_of(std::string_view s) {
    T v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
        return std::nullopt;
    }
    return v;
}

// Messages never quote the URL: it may carry the password.
url_parts parse_url(const config_node& node) {
    auto url = node.as_string();
    std::string_view rest(url);
    if (rest.starts_with("rediss://")) {
        node.fail("rediss:// (TLS) is not supported yet; use redis:// on a trusted network");
    }
    if (!rest.starts_with("redis://")) {
        node.fail("expected redis://[user:password@]host[:port][/db]");
    }
    rest.remove_prefix(8);
    url_parts out;
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        auto userinfo = rest.substr(0, at);
        rest.remove_prefix(at + 1);
        auto colon = userinfo.find(':');
        auto user = percent_decode(userinfo.substr(0, colon));
        auto pass = colon == std::string_view::npos ? std::optional<std::string>("")
                                                    : percent_decode(userinfo.substr(colon + 1));
        if (!user || !pass) {
            node.fail("bad %-escape in the user or password part");
        }
        if (colon == std::string_view::npos) {
            // redis://secret@host is how many clients spell a password without a user.
            out.password = *user;
        } else {
            out.username = *user;
            out.password = *pass;
        }
    }
    auto slash = rest.find('/');
    auto hostport = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        auto db_text = rest.substr(slash + 1);
        if (!db_text.empty()) {
            out.db = number_of<int>(db_text);
            if (!out.db || *out.db < 0) {
                node.fail("the database after '/' must be a number >= 0");
            }
        }
    }
    std::string_view host = hostport;
    std::string_view port;
    if (hostport.starts_with('[')) {
        auto close = hostport.find(']');
        if (close == std::string_view::npos) {
            node.fail("unterminated [IPv6] host");
        }
        host = hostport.substr(1, close - 1);
        auto after = hostport.substr(close + 1);
        if (after.starts_with(':')) {
            port = after.substr(1);
        } else if (!after.empty()) {
            node.fail("unexpected text after the [IPv6] host");
        }
    } else if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
        host = hostport.substr(0, colon);
        port = hostport.substr(colon + 1);
    }
    if (host.empty()) {
        node.fail("the URL names no host");
    }
    out.host = std::string(host);
    if (!port.empty()) {
        auto p = number_of<unsigned>(port);
        if (!p || *p == 0 || *p > 65535) {
            node.fail("the port must be a number from 1 to 65535");
        }
        out.port = static_cast<std::uint16_t>(*p);
    }
    return out;
}

access_policy parse_policy(const config_node& server) {
    access_policy p;
    p.access = server.optional_access("access", access_mode::read_only);
    auto list = server.optional_child("allow");
    if (!list) {
        return p;
    }
    if (!list->is_sequence()) {
        list->fail("expected a list of Redis command names, e.g. [BLPOP, \"CLIENT LIST\"]");
    }
    const auto& table = command_table::builtin();
    for (const auto& e : list->elements()) {
        auto text = e.as_string();
        auto name = normalise_allow_name(text);
        if (name.empty()) {
            e.fail("expected a command name or \"COMMAND SUBCOMMAND\", got '" + text + "'");
        }
        if (auto problem = allow_problem(table, p.access, name); !problem.empty()) {
            e.fail(problem);
        }
        if (table.find(name) == nullptr) {
            log::warn(
                "redis allow names a command Redis 7.0 does not have; checked again against "
                "the server's own table",
                {{"server", server.optional_string("name", "")}, {"command", name}}
            );
        }
        p.allow.insert(name);
    }
    return p;
}

}  // namespace

redis_settings parse_settings(const config_node& server) {
    server.check_keys(
        {"name",
         "type",
         "url",
         "host",
         "port",
         "username",
         "password",
         "db",
         "access",
         "description",
         "allow",
         "timeout",
         "max_result_bytes",
         "max_reply_bytes",
         "max_items",
         "max_count",
         "max_lcs_cells",
         "pool"}
    );
    redis_settings s;
    s.name = server.required_string("name");
    s.description = server.optional_string("description", "");
    if (auto url = server.optional_child("url")) {
        for (const char* key : {"host", "port", "username", "password", "db"}) {
            if (server.has(key)) {
                server.child(key).fail("give either 'url' or host/port/username/password/db");
            }
        }
        auto parts = parse_url(*url);
        s.host = parts.host;
        s.port = parts.port.value_or(6379);
        s.username = parts.username;
        s.password = parts.password;
        s.db = parts.db.value_or(0);
    } else {
        if (!server.has("host")) {
            server.fail("needs 'url' or 'host'");
        }
        s.host = server.required_string("host");
        if (s.host.empty()) {
            server.child("host").fail("must not be empty");
        }
        s.port = static_cast<std::uint16_t>(server.optional_int("port", 6379, 1, 65535));
        s.username = server.optional_string("username", "");
        s.password = server.optional_string("password", "");
        s.db = static_cast<int>(server.optional_int("db", 0, 0, 1'000'000));
    }
    if (!s.username.empty() && s.password.empty()) {
        server.fail("'username' needs a 'password' (AUTH username password)");
    }
    s.policy = parse_policy(server);
    s.timeout = server.optional_duration("timeout", std::chrono::seconds(30));
    if (s.timeout.count() <= 0) {
        server.child("timeout").fail("must be positive");
    }
    s.limits.max_items =
        static_cast<std::size_t>(server.optional_int("max_items", 1000, 1, 10'000'000));
    s.limits.max_bytes = static_cast<std::size_t>(
        server.optional_int("max_result_bytes", 1024 * 1024, 16, std::int64_t{256} * 1024 * 1024)
    );
    auto max_result = static_cast<std::int64_t>(s.limits.max_bytes);
    s.max_reply_bytes = static_cast<std::size_t>(server.optional_int(
        "max_reply_bytes",
        4 * max_result,
        max_result,
        std::int64_t{1024} * 1024 * 1024
    ));
    s.max_count = static_cast<std::size_t>(server.optional_int("max_count", 10'000, 1, 10'000'000));
    s.max_lcs_cells = static_cast<std::uint64_t>(
        server.optional_int("max_lcs_cells", 1'000'000, 1, std::int64_t{1'000'000'000})
    );
    pool::pool_options defaults;
    s.pool = pool::parse_pool_options(server.optional_child("pool"), defaults);
    return s;
}

}  // namespace mcpgw::backends::redis

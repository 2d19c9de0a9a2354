#include "gateway_config.hpp"

#include "config_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>

namespace mcpgw::server {

namespace {

namespace fs = std::filesystem;
using backends::config_error;
using backends::config_node;

constexpr std::int64_t no_limit = std::numeric_limits<std::int64_t>::max();

std::size_t positive_size(const config_node& n, std::string_view key, std::size_t fallback) {
    return static_cast<std::size_t>(
        n.optional_int(key, static_cast<std::int64_t>(fallback), 1, no_limit)
    );
}

std::chrono::milliseconds
positive_duration(const config_node& n, std::string_view key, std::chrono::milliseconds fallback) {
    auto d = n.optional_duration(key, fallback);
    if (d.count() <= 0) {
        n.child(key).fail("must be greater than 0");
    }
    return d;
}

listen_config read_listen(const config_node& n) {
    n.check_keys({
        "address",
        "port",
        "path",
        "allowed_origins",
        "allowed_hosts",
        "max_body_bytes",
        "max_header_bytes",
        "max_connections",
        "header_timeout",
        "body_timeout",
        "idle_timeout",
        "trusted_proxies",
        "threads",
    });
    listen_config l;
    l.address = n.optional_string("address", l.address);
    if (l.address.empty()) {
        n.child("address").fail("must not be empty");
    }
    l.port = static_cast<std::uint16_t>(n.optional_int("port", l.port, 0, 65535));
    l.path = n.optional_string("path", l.path);
    if (!l.path.starts_with('/')) {
        n.child("path").fail("must start with '/', got '" + l.path + "'");
    }
    l.allowed_origins = n.optional_string_list("allowed_origins");
    l.allowed_hosts = n.optional_string_list("allowed_hosts");
    l.max_body_bytes = positive_size(n, "max_body_bytes", l.max_body_bytes);
    l.max_header_bytes = positive_size(n, "max_header_bytes", l.max_header_bytes);
    l.max_connections = positive_size(n, "max_connections", l.max_connections);
    l.header_timeout = positive_duration(n, "header_timeout", l.header_timeout);
    l.body_timeout = positive_duration(n, "body_timeout", l.body_timeout);
    l.idle_timeout = positive_duration(n, "idle_timeout", l.idle_timeout);
    if (auto proxies = n.optional_child("trusted_proxies")) {
        std::vector<cidr> nets;
        for (const auto& e : proxies->elements()) {
            auto net = parse_cidr(e.as_string());
            if (!net) {
                e.fail(
                    "expected a CIDR block (10.0.0.0/16, fd00::/8) or an address, with no host "
                    "bits beyond the prefix, got '" +
                    e.yaml().as<std::string>() + "'"
                );
            }
            nets.push_back(*net);
        }
        l.trusted_proxies = trusted_proxies(std::move(nets));
    }
    // One event-loop thread for now: sessions are shared between connections without locks.
    l.threads = static_cast<int>(n.optional_int("threads", l.threads, 1, 1));
    return l;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

std::array<std::uint8_t, 32> read_sha256(const config_node& entry) {
    auto node = entry.child("sha256");
    std::string hex = node.as_string();
    // Never echo the value: it is only a digest, but it is still credential material.
    if (hex.size() != 64) {
        node.fail(
            "expected 64 hexadecimal characters (a SHA-256 digest), got " +
            std::to_string(hex.size()) + " characters"
        );
    }
    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = hex_value(hex[2 * i]);
        int lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            node.fail(
                "expected 64 hexadecimal characters (a SHA-256 digest), found a non-hex character"
            );
        }
        out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return out;
}

constexpr std::array<std::string_view, 8>
    jwt_algorithms{"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA", "HS256"};

jwt_issuer read_jwt_issuer(const config_node& n, const std::string& base_dir) {
    if (!n.is_map()) {
        n.fail("expected a map with 'issuer', 'audiences', 'algorithms' and 'jwks_file'");
    }
    n.check_keys({
        "issuer",
        "audiences",
        "algorithms",
        "jwks_file",
        "jwks_url",
        "hs256_secret",
        "leeway",
        "principal_claim",
        "roles_claim",
    });
    jwt_issuer i;
    i.issuer = n.required_string("issuer");
    if (i.issuer.empty()) {
        n.child("issuer").fail("must not be empty");
    }
    i.audiences = n.optional_string_list("audiences");
    if (i.audiences.empty()) {
        n.fail(
            "audiences: at least one (this gateway's resource URL, e.g. "
            "https://mcp.example.com/mcp)"
        );
    }
    i.algorithms = n.optional_string_list("algorithms");
    if (i.algorithms.empty()) {
        n.fail("algorithms: at least one of RS256, RS384, RS512, PS256, ES256, ES384, EdDSA, HS256"
        );
    }
    auto algs = n.child("algorithms").elements();
    for (std::size_t k = 0; k < i.algorithms.size(); ++k) {
        if (std::find(jwt_algorithms.begin(), jwt_algorithms.end(), i.algorithms[k]) ==
            jwt_algorithms.end()) {
            algs[k].fail(
                "unknown algorithm '" + i.algorithms[k] +
                "' (allowed: RS256, RS384, RS512, PS256, ES256, ES384, EdDSA, HS256; never none)"
            );
        }
    }
    if (n.has("jwks_url")) {
        n.child("jwks_url").fail("not supported in this version: use jwks_file");
    }
    const bool asymmetric = std::any_of(i.algorithms.begin(), i.algorithms.end(), [](auto& a) {
        return a != "HS256";
    });
    const bool hmac =
        std::find(i.algorithms.begin(), i.algorithms.end(), "HS256") != i.algorithms.end();
    if (asymmetric) {
        if (!n.has("jwks_file")) {
            n.fail(
                "jwks_file: required for " + i.algorithms.front() + " (the issuer's public keys)"
            );
        }
        auto file = n.child("jwks_file");
        fs::path path = file.as_string();
        if (path.is_relative()) {
            path = fs::path(base_dir) / path;
        }
        std::ifstream in(path);
        if (!in) {
            file.fail("cannot read '" + path.string() + "'");
        }
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto parsed = jwk_set::parse(text);
        if (auto* err = std::get_if<std::string>(&parsed)) {
            file.fail("'" + path.string() + "': " + *err);
        }
        auto set = std::make_shared<jwk_set>(std::get<jwk_set>(std::move(parsed)));
        if (set->keys.empty()) {
            file.fail("'" + path.string() + "' holds no signing key this gateway can use");
        }
        i.keys = std::move(set);
    }
    if (hmac) {
        if (!n.has("hs256_secret")) {
            n.fail("hs256_secret: required for HS256 (use ${file:/run/secrets/...})");
        }
        i.hs256_secret = n.child("hs256_secret").as_string();
        if (i.hs256_secret.size() < 32) {
            n.child("hs256_secret").fail("must be at least 32 bytes (RFC 7518 3.2)");
        }
    } else if (n.has("hs256_secret")) {
        n.child("hs256_secret").fail("only used with algorithm HS256");
    }
    i.leeway = std::chrono::duration_cast<std::chrono::seconds>(
        n.optional_duration("leeway", std::chrono::seconds(60))
    );
    if (i.leeway.count() < 0 || i.leeway > std::chrono::minutes(10)) {
        n.child("leeway").fail("must be between 0s and 10m");
    }
    i.principal_claim = n.optional_string("principal_claim", "sub");
    i.roles_claim = n.optional_string("roles_claim", "");
    return i;
}

auth_config read_auth(const config_node& n, const std::string& base_dir) {
    n.check_keys({"api_keys", "jwt", "insecure_no_auth"});
    auth_config a;
    a.insecure_no_auth = n.optional_bool("insecure_no_auth", false);
    if (auto jwt = n.optional_child("jwt"); jwt && !jwt->yaml().IsNull()) {
        for (const auto& e : jwt->elements()) {
            auto issuer = read_jwt_issuer(e, base_dir);
            for (const auto& other : a.jwt) {
                if (other.issuer == issuer.issuer) {
                    e.child("issuer").fail("duplicate issuer '" + issuer.issuer + "'");
                }
            }
            a.jwt.push_back(std::move(issuer));
        }
    }
    auto keys = n.optional_child("api_keys");
    if (!keys || keys->yaml().IsNull()) {
        return a;
    }
    for (const auto& entry : keys->elements()) {
        if (!entry.is_map()) {
            entry.fail("expected a map with 'name' and 'sha256'");
        }
        entry.check_keys({"name", "sha256"});
        api_key key;
        key.name = entry.required_string("name");
        if (key.name.empty()) {
            entry.child("name").fail("must not be empty");
        }
        for (const auto& other : a.api_keys) {
            if (other.name == key.name) {
                entry.child("name").fail("duplicate api key name '" + key.name + "'");
            }
        }
        key.sha256 = read_sha256(entry);
        a.api_keys.push_back(std::move(key));
    }
    return a;
}

sessions_config read_sessions(const config_node& n) {
    n.check_keys({
        "idle_ttl",
        "unused_ttl",
        "min_idle_before_evict",
        "max_sessions",
        "max_per_principal",
        "replay_events",
        "heartbeat",
        "sse_retry_ms",
    });
    sessions_config s;
    s.idle_ttl = positive_duration(n, "idle_ttl", s.idle_ttl);
    s.unused_ttl = positive_duration(n, "unused_ttl", s.unused_ttl);
    s.min_idle_before_evict = n.optional_duration("min_idle_before_evict", s.min_idle_before_evict);
    if (s.min_idle_before_evict.count() < 0) {
        n.child("min_idle_before_evict").fail("must not be negative");
    }
    s.max_sessions = positive_size(n, "max_sessions", s.max_sessions);
    s.max_per_principal = positive_size(n, "max_per_principal", s.max_per_principal);
    // 0 is allowed: it turns Last-Event-ID resumption off.
    s.replay_events = static_cast<std::size_t>(
        n.optional_int("replay_events", static_cast<std::int64_t>(s.replay_events), 0, no_limit)
    );
    s.heartbeat = positive_duration(n, "heartbeat", s.heartbeat);
    s.sse_retry_ms = static_cast<int>(n.optional_int("sse_retry_ms", s.sse_retry_ms, 0, 3'600'000));
    return s;
}

limits_config read_limits(const config_node& n) {
    n.check_keys({"max_inflight_calls", "default_call_timeout", "drain_timeout"});
    limits_config l;
    l.max_inflight_calls = positive_size(n, "max_inflight_calls", l.max_inflight_calls);
    l.default_call_timeout = positive_duration(n, "default_call_timeout", l.default_call_timeout);
    l.drain_timeout = n.optional_duration("drain_timeout", l.drain_timeout);  // 0: no waiting
    return l;
}

std::string read_log_level(const config_node& root) {
    auto level = root.optional_string("log_level", "info");
    if (level != "debug" && level != "info" && level != "warn" && level != "error") {
        root.child("log_level").fail("expected debug, info, warn or error, got '" + level + "'");
    }
    return level;
}

bool valid_server_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
    });
}

std::string location(const config_node& n) {
    return n.file() + ":" + std::to_string(n.line());
}

// Checks `name` and `type` only: the other keys belong to the backend of that type.
void check_servers(const std::vector<config_node>& servers) {
    std::map<std::string, std::string, std::less<>> seen;  // name -> where it was defined
    for (const auto& s : servers) {
        if (!s.is_map()) {
            s.fail("expected a map with at least 'name' and 'type'");
        }
        auto name = s.required_string("name");
        if (!valid_server_name(name)) {
            s.child("name").fail(
                "a server name must be non-empty and use only letters, digits, '_', '.' and '-', "
                "got '" +
                name + "'"
            );
        }
        auto type = s.required_string("type");
        if (type.empty()) {
            s.child("type").fail("must not be empty");
        }
        auto here = s.child("name");
        auto [it, inserted] = seen.emplace(name, location(here));
        if (!inserted) {
            here.fail("duplicate server name '" + name + "' (first defined at " + it->second + ")");
        }
    }
}

void check_tools(const std::vector<config_node>& tools, const std::vector<config_node>& servers) {
    std::map<std::string, bool, std::less<>> server_names;
    for (const auto& s : servers) {
        server_names.emplace(s.required_string("name"), true);
    }
    std::map<std::string, std::string, std::less<>> seen;
    for (const auto& t : tools) {
        if (!t.is_map()) {
            t.fail("expected a map with at least 'name' and 'server'");
        }
        auto name = t.required_string("name");
        if (name.empty()) {
            t.child("name").fail("must not be empty");
        }
        auto server = t.required_string("server");
        if (!server_names.contains(server)) {
            t.child("server").fail("no server named '" + server + "' is configured");
        }
        auto here = t.child("name");
        auto [it, inserted] = seen.emplace(name, location(here));
        if (!inserted) {
            here.fail("duplicate tool name '" + name + "' (first defined at " + it->second + ")");
        }
    }
}

gateway_config
load_root(const config_node& root, const std::string& identity, const std::string& base_dir) {
    gateway_config cfg;
    cfg.source_file = root.file();
    if (root.yaml().IsNull()) {
        return cfg;  // an empty file: all defaults, no servers
    }
    if (!root.is_map()) {
        root.fail("expected a map at the top level");
    }
    root.check_keys({
        "listen",
        "auth",
        "sessions",
        "limits",
        "log_level",
        "include",
        "servers",
        "tools",
    });
    if (auto n = root.optional_child("listen")) {
        cfg.listen = read_listen(*n);
    }
    if (auto n = root.optional_child("auth")) {
        cfg.auth = read_auth(*n, base_dir);
    }
    if (auto n = root.optional_child("sessions")) {
        cfg.sessions = read_sessions(*n);
    }
    if (auto n = root.optional_child("limits")) {
        cfg.limits = read_limits(*n);
    }
    cfg.log_level = read_log_level(root);

    config_files::entries found;
    config_files::collect(root, identity, base_dir, found);
    check_servers(found.servers);
    check_tools(found.tools, found.servers);
    cfg.servers = std::move(found.servers);
    cfg.tools = std::move(found.tools);
    return cfg;
}

}  // namespace

gateway_config load_config(const std::string& path) {
    auto text = config_files::read_file(path);
    auto root = config_files::parse(text, path);
    std::error_code ec;
    auto identity = fs::weakly_canonical(path, ec);
    return load_root(root, ec ? path : identity.string(), fs::path(path).parent_path().string());
}

gateway_config
load_config_text(const std::string& text, const std::string& origin, const std::string& base_dir) {
    auto root = config_files::parse(text, origin);
    return load_root(root, origin, base_dir);
}

}  // namespace mcpgw::server

#include "access_check.hpp"

#include "arguments.hpp"
#include "text_util.hpp"

#include <algorithm>
#include <array>
#include <span>

namespace mcpgw::backends::redis {
namespace {

// Rule 6: never without `allow`, whatever the categories of a given Redis version say.
const std::set<std::string, std::less<>> never_by_default{
    "flushall",     "flushdb",
    "config",       "shutdown",
    "debug",        "module",
    "script",       "eval",
    "evalsha",      "eval_ro",
    "evalsha_ro",   "fcall",
    "fcall_ro",     "function",
    "multi",        "exec",
    "watch",        "acl",
    "replicaof",    "slaveof",
    "migrate",      "monitor",
    "subscribe",    "psubscribe",
    "ssubscribe",   "unsubscribe",
    "punsubscribe", "sunsubscribe",
    "client|kill",  "select",
    "auth",         "hello",
    "reset",        "swapdb",
    "save",         "bgsave",
    "bgrewriteaof", "sync",
    "psync",        "failover",
    "cluster",      "pfdebug",
    "restore",      "restore-asking",
    "client|pause", "client|no-evict",
    "quit",         "keys",
};

// Rule 3: scripts may write although Redis does not flag these `write`.
const std::set<std::string, std::less<>> unflagged_writers{"eval", "evalsha", "fcall"};

// Rule 9: categories that are refused unless allowed.
constexpr std::array<std::string_view, 5> refused_categories{
    "@admin",
    "@dangerous",
    "@pubsub",
    "@scripting",
    "@transaction"};

// Rule 9's exception: read-only, dangerous only through BY/GET key patterns.
const std::set<std::string, std::less<>> safe_dangerous_reads{"sort_ro"};

// Rule 7: informational commands Redis does not flag readonly.
const std::set<std::string, std::less<>> informational{
    "ping",
    "echo",
    "time",
    "info",
    "command|count",
    "command|info",
    "command|docs",
    "command|list",
    "command|getkeys",
    "command|getkeysandflags"};

// Rule 2: commands that write or block only through an option, read with the option loop
// their Redis implementation runs (sort.c, geo.c, t_stream.c), so that a word is an option
// exactly where Redis takes it for one: "STORE\0x" is STORE, a key or a group named
// "streams" is not the end of the options.
constexpr option_rule sort_rules[] =
    {{"asc", 0}, {"desc", 0}, {"alpha", 0}, {"limit", 2}, {"store", 1}, {"by", 1}, {"get", 1}};
constexpr option_rule radius_rules[] = {
    {"withdist", 0},
    {"withhash", 0},
    {"withcoord", 0},
    {"any", 0},
    {"asc", 0},
    {"desc", 0},
    {"count", 1},
    {"store", 1},
    {"storedist", 1}};
constexpr option_rule xread_rules[] = {{"block", 1}, {"count", 1}, {"streams", 0, true}};
constexpr option_rule xreadgroup_rules[] =
    {{"block", 1}, {"count", 1}, {"streams", 0, true}, {"group", 2}, {"noack", 0}};

struct form_spec {
    std::string_view command;
    std::string_view twin;
    std::size_t from;
    std::span<const option_rule> rules;
    std::array<std::string_view, 2> effect;
    bool blocks;
};

constexpr std::array<form_spec, 5> option_forms{{
    {"sort", "sort_ro", 1, sort_rules, {"store", "store"}, false},
    {"georadius", "georadius_ro", 5, radius_rules, {"store", "storedist"}, false},
    {"georadiusbymember", "georadiusbymember_ro", 4, radius_rules, {"store", "storedist"}, false},
    {"xread", "", 0, xread_rules, {"block", "block"}, true},
    {"xreadgroup", "", 0, xreadgroup_rules, {"block", "block"}, true},
}};

struct form_effect {
    bool present = false;
    std::string shown;  // the argument that carries it, as given
};

// Where Redis would stop with a syntax error our reading stops too, but a newer server may
// know an option we do not: past that point any argument that reads as the option counts.
form_effect effect_of(const form_spec& f, const std::vector<std::string>& args) {
    auto scan = scan_options(args, f.from, f.rules);
    form_effect out;
    for (const auto& h : scan.hits) {
        if (h.word == f.effect[0] || h.word == f.effect[1]) {
            out.present = true;
            out.shown = args[h.index];
            return out;
        }
    }
    if (!scan.complete) {
        for (std::size_t i = scan.failed_at; i < args.size(); ++i) {
            if (is_word(args[i], f.effect[0]) || is_word(args[i], f.effect[1])) {
                out.present = true;
                out.shown = args[i];
                return out;
            }
        }
    }
    return out;
}

// Commands Redis flags readonly that still change the key (docs/redis.md, rule 3).
std::string unflagged_change(const std::string& base, const std::vector<std::string>& args) {
    if (base == "pfcount" && args.size() == 1) {
        return "PFCOUNT with one key rewrites the HyperLogLog's cached cardinality (Redis flags "
               "it readonly, yet the key changes and other clients' WATCH on it fails); "
               "PFCOUNT key key gives the same count from a merged copy without writing";
    }
    if (base == "touch") {
        return "TOUCH resets the keys' idle time (what OBJECT IDLETIME and LRU/LFU eviction "
               "read)";
    }
    return {};
}

// How an argument is shown in a message: printable, NUL as \0, at most 40 bytes.
std::string shown_arg(std::string_view a) {
    std::string out;
    for (char c : a.substr(0, 40)) {
        auto u = static_cast<unsigned char>(c);
        if (u == 0) {
            out += "\\0";
        } else if (u < 0x20 || u == 0x7f) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    if (a.size() > 40) {
        out += "...";
    }
    return out;
}

std::string upper(std::string_view name) {
    std::string out(name);
    for (auto& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        } else if (c == '|') {
            c = ' ';
        }
    }
    return out;
}

verdict refuse(verdict v, std::string message) {
    v.result = verdict::outcome::refused;
    v.message = std::move(message);
    v.field = "command";
    return v;
}

verdict allow(verdict v) {
    v.result = verdict::outcome::allowed;
    v.message.clear();
    v.field.clear();
    return v;
}

const std::string* first_refused_category(const command_entry& e) {
    for (auto c : refused_categories) {
        if (auto it = e.categories.find(std::string(c)); it != e.categories.end()) {
            return &*it;
        }
    }
    return nullptr;
}

bool named(const access_policy& p, const std::string& base, const std::string& full) {
    return p.allow.contains(base) || p.allow.contains(full);
}

}  // namespace

verdict check_command(
    const command_table& table,
    const access_policy& policy,
    std::string_view command,
    const std::vector<std::string>& args
) {
    verdict v;
    auto base = ascii_lower(command);
    v.name = base;
    if (base.empty() || base.find_first_of(" \t\r\n") != std::string::npos) {
        v.result = verdict::outcome::unknown;
        v.field = "command";
        v.message = "expected one Redis command name; put its arguments in 'args'";
        return v;
    }
    const auto* entry = table.find(base);
    if (entry == nullptr) {
        v.result = verdict::outcome::unknown;
        v.field = "command";
        v.message = "unknown Redis command '" + shown_arg(command) + "'";
        return v;
    }
    std::string full = base;
    if (entry->has_subcommands) {
        if (args.empty()) {
            v.result = verdict::outcome::unknown;
            v.field = "args";
            v.message = upper(base) + " needs a subcommand as its first argument";
            return v;
        }
        full = base + "|" + ascii_lower(args[0]);
        entry = table.find(full);
        if (entry == nullptr) {
            v.result = verdict::outcome::unknown;
            v.field = "args";
            v.message = "unknown subcommand '" + shown_arg(args[0]) + "' of " + upper(base);
            return v;
        }
        v.name = full;
    }
    // Redis reads option words only up to a NUL byte: an argument spelling one of this
    // command's options before a NUL is that option to Redis and something else to a
    // whole-string comparison. Nothing legitimate needs that, so it is refused whatever
    // position it is in (the readings below agree with Redis anyway; this catches the
    // commands and options they do not model).
    for (std::size_t i = entry->has_subcommands ? 1 : 0; i < args.size(); ++i) {
        if (!nul_disguised(args[i])) {
            continue;
        }
        auto word = option_word(args[i]);
        if (documented_option(full, word)) {
            v.result = verdict::outcome::invalid;
            v.field = "args";
            v.message = "args[" + std::to_string(i) + "] ('" + shown_arg(args[i]) +
                        "') has a NUL byte after '" + upper(word) + "': Redis reads an option " +
                        "only up to a NUL, so it would take this argument for the " + upper(word) +
                        " option of " + upper(full) + "; refused";
            return v;
        }
    }
    // Rule 2: the flags that apply to this call's form.
    command_entry effective = *entry;
    std::string through;  // the option that makes this call write or block
    for (const auto& f : option_forms) {
        if (f.command != base) {
            continue;
        }
        auto e = effect_of(f, args);
        const auto* twin = f.twin.empty() ? nullptr : table.find(f.twin);
        if (f.blocks && !e.present) {
            effective.flags.erase("blocking");
            effective.categories.erase("@blocking");
        } else if (!f.blocks && !e.present && twin != nullptr) {
            effective = *twin;
        }
        if (e.present) {
            through = " (through its '" + shown_arg(e.shown) + "' argument)";
        }
    }
    auto change = unflagged_change(base, args);
    if (!change.empty()) {
        effective.flags.insert("write");
    }
    v.writes = effective.flag("write");
    v.blocking = effective.flag("blocking") || effective.category("@blocking");
    auto shown = upper(full);

    // Rule 3.
    if (policy.access == access_mode::read_only && !change.empty()) {
        return refuse(v, change + "; this server is read_only");
    }
    if (policy.access == access_mode::read_only && (v.writes || unflagged_writers.contains(base))) {
        return refuse(v, shown + " writes data" + through + "; this server is read_only");
    }
    // Rule 4.
    if (named(policy, base, full)) {
        v.by_name = true;
        return allow(v);
    }
    // Rule 5.
    if (base == "keys") {
        return refuse(
            v,
            "KEYS is refused: it walks the whole keyspace and blocks the server. Use SCAN with "
            "MATCH and COUNT instead (args: [cursor, \"MATCH\", pattern, \"COUNT\", n])"
        );
    }
    std::string opt_in = "; to enable it, name it in the server's 'allow' list";
    // Rule 6.
    if (never_by_default.contains(base) || never_by_default.contains(full)) {
        return refuse(v, shown + " is refused on this server" + opt_in);
    }
    // Rule 7.
    if (informational.contains(full)) {
        return allow(v);
    }
    // Rule 8.
    if (v.blocking) {
        return refuse(v, shown + " blocks the connection" + through + " and is refused" + opt_in);
    }
    // Rule 9.
    if (const auto* cat = first_refused_category(effective);
        cat != nullptr && !safe_dangerous_reads.contains(effective.name)) {
        return refuse(v, shown + " is refused (Redis category " + *cat + ")" + opt_in);
    }
    // Rule 10.
    if (effective.flag("readonly") && !v.writes) {
        return allow(v);
    }
    if (v.writes) {
        return policy.access == access_mode::read_write
                   ? allow(v)
                   : refuse(v, shown + " writes data; this server is read_only");
    }
    // Rule 11.
    return refuse(v, shown + " is a connection or server command and is refused" + opt_in);
}

std::string normalise_allow_name(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '|') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += '|';
            space = false;
        }
        out += c;
    }
    out = ascii_lower(out);
    if (out.empty() || std::count(out.begin(), out.end(), '|') > 1) {
        return {};
    }
    return out;
}

std::string allow_problem(const command_table& table, access_mode access, const std::string& name) {
    if (access != access_mode::read_only) {
        return {};
    }
    auto base = name.substr(0, name.find('|'));
    if (unflagged_writers.contains(base)) {
        return upper(name) +
               " runs scripts that may write; a read_only server never runs it "
               "(EVAL_RO / FCALL_RO are the read-only forms)";
    }
    const auto* e = table.find(name);
    if (e != nullptr && e->flag("write")) {
        return upper(name) + " writes data; a read_only server never runs it";
    }
    return {};
}

}  // namespace mcpgw::backends::redis

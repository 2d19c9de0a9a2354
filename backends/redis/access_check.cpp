#include "access_check.hpp"

#include "text_util.hpp"

#include <algorithm>
#include <array>

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

// Rule 2: commands that write only through an option, with their read-only twins.
struct option_writer {
    std::string_view command;
    std::string_view twin;
    std::array<std::string_view, 2> options;  // any of these makes it write
};
constexpr std::array<option_writer, 3> option_writers{{
    {"sort", "sort_ro", {"store", "store"}},
    {"georadius", "georadius_ro", {"store", "storedist"}},
    {"georadiusbymember", "georadiusbymember_ro", {"store", "storedist"}},
}};

// Rule 2: commands that block only with BLOCK (looked for before STREAMS).
const std::set<std::string, std::less<>> block_option{"xread", "xreadgroup"};

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

bool has_option(const std::vector<std::string>& args, std::size_t from, std::string_view option) {
    for (std::size_t i = from; i < args.size(); ++i) {
        if (ascii_lower(args[i]) == option) {
            return true;
        }
    }
    return false;
}

bool blocks_by_option(const std::vector<std::string>& args) {
    for (const auto& a : args) {
        auto l = ascii_lower(a);
        if (l == "streams") {
            return false;
        }
        if (l == "block") {
            return true;
        }
    }
    return false;
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
        v.message = "unknown Redis command '" + std::string(command) + "'";
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
            v.message = "unknown subcommand '" + args[0] + "' of " + upper(base);
            return v;
        }
        v.name = full;
    }
    // Rule 2: the flags that apply to this call's form.
    command_entry effective = *entry;
    for (const auto& ow : option_writers) {
        if (ow.command != base) {
            continue;
        }
        bool stores = has_option(args, 1, ow.options[0]) || has_option(args, 1, ow.options[1]);
        const auto* twin = table.find(ow.twin);
        if (!stores && twin != nullptr) {
            effective = *twin;
        }
    }
    if (block_option.contains(base) && !blocks_by_option(args)) {
        effective.flags.erase("blocking");
        effective.categories.erase("@blocking");
    }
    v.writes = effective.flag("write");
    v.blocking = effective.flag("blocking") || effective.category("@blocking");
    auto shown = upper(full);

    // Rule 3.
    if (policy.access == access_mode::read_only && (v.writes || unflagged_writers.contains(base))) {
        return refuse(v, shown + " writes data; this server is read_only");
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
        return refuse(v, shown + " blocks the connection and is refused" + opt_in);
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

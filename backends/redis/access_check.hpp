#pragma once
// Which commands a Redis server entry lets through, decided from Redis's own flags and ACL
// categories (command_table) and the server's `access` and `allow` settings. Rules, in order
// (docs/redis.md has the table):
//
//  1. Unknown command or subcommand: invalid_argument (field "command" / "args"). An
//     argument that spells one of the command's option words before a NUL byte is
//     invalid_argument too: Redis compares options with strcasecmp, which stops at the NUL.
//  2. Option-aware forms, read with the option loop Redis runs for them (arguments.hpp):
//     SORT / GEORADIUS / GEORADIUSBYMEMBER without STORE (STOREDIST) are judged as their
//     read-only twins (SORT_RO...); with it, as the writing command. XREAD / XREADGROUP
//     without BLOCK do not block.
//  3. read_only never runs a command flagged `write`, nor EVAL / EVALSHA / FCALL (scripts
//     that may write), nor what Redis flags readonly but still changes the key (PFCOUNT of
//     one key rewrites its cached count, TOUCH resets idle times), whatever `allow` says.
//  4. A command (or "container|sub") named in `allow` runs.
//  5. KEYS is refused with a pointer to SCAN.
//  6. A fixed list is never run unless allowed: FLUSHALL, FLUSHDB, CONFIG, SHUTDOWN, DEBUG,
//     MODULE, SCRIPT, EVAL*, FCALL*, FUNCTION, MULTI, EXEC, WATCH, ACL, REPLICAOF, SLAVEOF,
//     MIGRATE, MONITOR, the SUBSCRIBE family, CLIENT KILL, SELECT, AUTH, HELLO, RESET,
//     SWAPDB, SAVE, BGSAVE... (belt and braces over rule 9).
//  7. Informational commands without the readonly flag run: PING, ECHO, TIME, INFO, and
//     COMMAND COUNT / INFO / DOCS / LIST / GETKEYS (INFO is @dangerous, hence before 9).
//  8. Blocking commands (flag `blocking` or @blocking) are refused.
//  9. Commands in @admin, @dangerous, @pubsub, @scripting or @transaction are refused,
//     except SORT_RO (dangerous only through BY/GET patterns reaching keys outside an ACL's
//     key patterns, still read-only).
// 10. `readonly` commands run; `write` commands run on read_write servers.
// 11. Everything else (connection and server commands) is refused.

#include "command_table.hpp"

#include <backends/core/source.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::redis {

struct access_policy {
    access_mode access = access_mode::read_only;
    std::set<std::string> allow;  // lower case: "blpop", "client|list", "config"
};

struct verdict {
    enum class outcome { allowed, refused, unknown, invalid };
    outcome result = outcome::refused;
    std::string message;  // why not (refused, unknown, invalid)
    std::string field;    // argument at fault: "command" or "args"
    std::string name;     // what was judged: "get", "client|list"
    bool writes = false;
    bool blocking = false;
    bool by_name = false;  // let through by `allow` only: the session may be changed

    bool allowed() const { return result == outcome::allowed; }
};

verdict check_command(
    const command_table& table,
    const access_policy& policy,
    std::string_view command,
    const std::vector<std::string>& args
);

/// "CLIENT LIST", "client|list", "Client" -> "client|list" / "client". Empty when malformed.
std::string normalise_allow_name(std::string_view text);

/// Why `allow` may not name `name` on a server of `access` (empty when it may): a read_only
/// server never runs writes, whatever its allow list says.
std::string allow_problem(const command_table& table, access_mode access, const std::string& name);

}  // namespace mcpgw::backends::redis

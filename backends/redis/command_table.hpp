#pragma once
// Redis's own description of its commands, as the `COMMAND` reply gives it: per command and
// per subcommand ("client|list") its flags (readonly, write, admin, blocking, pubsub...) and
// ACL categories (@read, @write, @dangerous, @admin, @blocking, @scripting...). The access
// check (access_check.hpp) decides from these, so the rules follow the server's version
// rather than a hand list. A table recorded from Redis 7.0 is built in: config-declared tools
// and `allow` lists are checked against it at start-up, before any server is reachable; each
// source replaces it with its server's own table at the first connection.

#include "reply.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::redis {

struct command_entry {
    std::string name;                  // lower case; "container|sub" for a subcommand
    std::set<std::string> flags;       // lower case: "readonly", "write", "blocking"...
    std::set<std::string> categories;  // lower case with '@': "@read", "@dangerous"...
    bool has_subcommands = false;

    bool flag(std::string_view f) const { return flags.contains(std::string(f)); }
    bool category(std::string_view c) const { return categories.contains(std::string(c)); }
};

class command_table {
public:
    command_table() = default;

    /// From the reply of `COMMAND` (or `COMMAND INFO ...`): an array of command details
    /// [name, arity, flags, first, last, step, categories, tips, key specs, subcommands];
    /// Redis 6 replies (7 fields, no subcommands) work too. Throws std::invalid_argument
    /// when the reply does not have that shape.
    static command_table from_reply(const redis_value& reply);

    /// The table recorded from Redis 7.0 (recorded_commands.inc).
    static const command_table& builtin();

    void add(command_entry e);
    /// `name` in lower case ("get", "client|list"); nullptr when unknown.
    const command_entry* find(std::string_view name) const;
    std::size_t size() const { return entries_.size(); }
    /// Where the table came from: "recorded Redis 7.0" or "server".
    const std::string& origin() const { return origin_; }
    void set_origin(std::string o) { origin_ = std::move(o); }

private:
    std::map<std::string, command_entry, std::less<>> entries_;
    std::string origin_ = "server";
};

}  // namespace mcpgw::backends::redis

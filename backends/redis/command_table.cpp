#include "command_table.hpp"

#include "text_util.hpp"

#include <sstream>
#include <stdexcept>

namespace mcpgw::backends::redis {
namespace {

const std::string& text_of(const redis_value& v, const char* what) {
    if (v.type != redis_value::kind::string && v.type != redis_value::kind::status) {
        throw std::invalid_argument(std::string("COMMAND reply: ") + what + " is not a string");
    }
    return v.text;
}

std::set<std::string> words_of(const redis_value& v, const char* what) {
    if (v.type != redis_value::kind::array) {
        throw std::invalid_argument(std::string("COMMAND reply: ") + what + " is not an array");
    }
    std::set<std::string> out;
    for (const auto& e : v.elements) {
        out.insert(ascii_lower(text_of(e, what)));
    }
    return out;
}

void add_details(command_table& table, const redis_value& details) {
    if (details.type == redis_value::kind::nil) {
        return;  // COMMAND INFO answers nil for an unknown name
    }
    if (details.type != redis_value::kind::array || details.elements.size() < 7) {
        throw std::invalid_argument("COMMAND reply: a command entry has fewer than 7 fields");
    }
    const auto& f = details.elements;
    command_entry e;
    e.name = ascii_lower(text_of(f[0], "name"));
    e.flags = words_of(f[2], "flags");
    e.categories = words_of(f[6], "categories");
    if (f.size() > 9 && f[9].type == redis_value::kind::array && !f[9].elements.empty()) {
        e.has_subcommands = true;
        for (const auto& sub : f[9].elements) {
            add_details(table, sub);
        }
    }
    table.add(std::move(e));
}

struct recorded_row {
    const char* name;
    const char* flags;
    const char* categories;
};

constexpr recorded_row recorded[] = {
#include "recorded_commands.inc"
};

std::set<std::string> split_words(const char* text) {
    std::istringstream in(text);
    std::set<std::string> out;
    for (std::string w; in >> w;) {
        out.insert(w);
    }
    return out;
}

command_table build_recorded() {
    command_table t;
    t.set_origin("recorded Redis 7.0");
    for (const auto& row : recorded) {
        command_entry e;
        e.name = row.name;
        e.flags = split_words(row.flags);
        e.categories = split_words(row.categories);
        t.add(std::move(e));
    }
    // Containers are the names that have "name|..." rows.
    for (const auto& row : recorded) {
        std::string_view n(row.name);
        if (auto bar = n.find('|'); bar != std::string_view::npos) {
            command_entry parent = *t.find(n.substr(0, bar));
            parent.has_subcommands = true;
            t.add(std::move(parent));
        }
    }
    return t;
}

}  // namespace

command_table command_table::from_reply(const redis_value& reply) {
    if (reply.type != redis_value::kind::array) {
        throw std::invalid_argument("COMMAND reply is not an array");
    }
    command_table t;
    for (const auto& details : reply.elements) {
        add_details(t, details);
    }
    if (t.size() == 0) {
        throw std::invalid_argument("COMMAND reply lists no commands");
    }
    return t;
}

const command_table& command_table::builtin() {
    static const command_table table = build_recorded();
    return table;
}

void command_table::add(command_entry e) {
    auto name = e.name;
    entries_.insert_or_assign(std::move(name), std::move(e));
}

const command_entry* command_table::find(std::string_view name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace mcpgw::backends::redis

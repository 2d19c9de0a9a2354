#include "config_files.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcpgw::server::config_files {

namespace fs = std::filesystem;
using backends::config_error;
using backends::config_node;

backends::config_node parse(const std::string& text, const std::string& origin) {
    try {
        return config_node(YAML::Load(text), origin, "");
    } catch (const YAML::Exception& e) {
        std::string where = origin;
        if (!e.mark.is_null()) {
            where += ":" + std::to_string(e.mark.line + 1);
        }
        throw config_error(where + ": YAML syntax error: " + e.msg);
    }
}

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        throw config_error(path + ": cannot read: is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw config_error(path + ": cannot read: " + std::strerror(errno));
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

namespace {

struct frame {
    std::string identity;  // canonical path: what a cycle is detected on
    std::string shown;     // the path as the user will recognise it
};

std::string canonical_or_same(const std::string& path) {
    std::error_code ec;
    auto c = fs::weakly_canonical(path, ec);
    return ec ? path : c.string();
}

bool known_extension(const fs::path& p) {
    auto ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

void walk(
    const config_node& root,
    const std::string& base_dir,
    std::vector<frame>& stack,
    entries& out
) {
    if (auto servers = root.optional_child("servers"); servers && !servers->yaml().IsNull()) {
        for (auto& e : servers->elements()) {
            out.servers.push_back(std::move(e));
        }
    }
    if (auto tools = root.optional_child("tools"); tools && !tools->yaml().IsNull()) {
        for (auto& e : tools->elements()) {
            out.tools.push_back(std::move(e));
        }
    }
    auto includes = root.optional_child("include");
    if (!includes || includes->yaml().IsNull()) {
        return;
    }
    for (const auto& entry : includes->elements()) {
        fs::path target = entry.as_string();
        if (target.empty()) {
            entry.fail("include path is empty");
        }
        if (!known_extension(target)) {
            entry.fail(
                "can only include .yaml, .yml or .json files, got '" + target.string() + "'"
            );
        }
        if (target.is_relative() && !base_dir.empty()) {
            target = fs::path(base_dir) / target;
        }
        std::string shown = target.lexically_normal().string();
        if (static_cast<int>(stack.size()) > max_include_depth) {
            entry.fail(
                "includes are nested deeper than " + std::to_string(max_include_depth) +
                " levels (at '" + shown + "')"
            );
        }
        std::string identity = canonical_or_same(shown);
        auto again = std::find_if(stack.begin(), stack.end(), [&](const frame& f) {
            return f.identity == identity;
        });
        if (again != stack.end()) {
            std::string chain;
            for (auto it = again; it != stack.end(); ++it) {
                chain += it->shown + " -> ";
            }
            entry.fail("include cycle: " + chain + shown);
        }
        std::string text;
        try {
            text = read_file(shown);
        } catch (const config_error& e) {
            entry.fail(e.what());  // "<path>: cannot read: <reason>", located at the entry
        }
        config_node child = parse(text, shown);
        if (!child.yaml().IsNull() && !child.is_map()) {
            child.fail("an included file must be a map with 'servers:', 'tools:' or 'include:'");
        }
        child.check_keys({"include", "servers", "tools"});
        stack.push_back({identity, shown});
        walk(child, target.parent_path().string(), stack, out);
        stack.pop_back();
    }
}

}  // namespace

void collect(
    const config_node& root,
    const std::string& identity,
    const std::string& base_dir,
    entries& out
) {
    std::vector<frame> stack{{identity, root.file()}};
    walk(root, base_dir, stack, out);
}

}  // namespace mcpgw::server::config_files

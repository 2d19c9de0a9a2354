#pragma once
// The `command:` list of a config-declared Redis tool: [HGET, "user:{id}", name]. Each list
// element is one Redis argument; `{param}` placeholders are replaced inside that one argument
// only, so a value (spaces, CRLF, RESP text and all) can never become another argument or
// another command. `{{` and `}}` stand for literal braces (hash tags: "{{user}}:{id}").
// The command name (and the subcommand of a container command) must be literal: the access
// check runs on them at start-up.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcpgw::backends::redis {

struct template_piece {
    std::string text;  // literal text, or the parameter name when is_parameter
    bool is_parameter = false;
};

struct command_template {
    std::vector<std::vector<template_piece>> arguments;  // [0] is the command name
    std::vector<std::string> names;                      // parameters used, first use first

    /// The argument as written with placeholders kept as "{name}" (for start-up checks).
    std::string shown(std::size_t i) const;
    bool literal(std::size_t i) const;
};

/// Throws template_error (with the element's index) on an unmatched brace or a bad name.
struct template_error : std::invalid_argument {
    template_error(std::size_t i, const std::string& what)
        : std::invalid_argument(what), index(i) {}
    std::size_t index;
};

command_template parse_command_template(const std::vector<std::string>& elements);

/// The arguments with every placeholder replaced by its value (`values` has every name).
std::vector<std::string>
expand(const command_template& t, const std::map<std::string, std::string>& values);

}  // namespace mcpgw::backends::redis

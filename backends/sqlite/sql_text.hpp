#pragma once
// Small pieces of SQL text handling that must be exact: what may follow the one statement a
// call runs, and how an identifier is quoted.

#include <string>
#include <string_view>

namespace mcpgw::backends::sqlite {

/// True when `tail` holds only whitespace, `;`, `-- ...` and `/* ... */` comments.
bool only_trivia(std::string_view tail);

/// A double-quoted SQLite identifier with embedded quotes doubled: a"b -> "a""b".
std::string quote_identifier(std::string_view name);

}  // namespace mcpgw::backends::sqlite

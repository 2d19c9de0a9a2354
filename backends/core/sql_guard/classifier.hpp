#pragma once
// Classifies one statement from its tokens: the kind of the statement itself and of anything
// it carries inside (data-modifying CTEs, the statement under EXPLAIN, SELECT ... INTO, row
// locks). Function calls are checked elsewhere (function_denylist.hpp).

#include "statement_kind.hpp"
#include "tokenizer.hpp"

#include <span>
#include <string>
#include <vector>

namespace mcpgw::backends::sql_guard {

struct finding {
    statement_kind kind;
    std::string keyword;  // upper-case, e.g. "DELETE", "INTO OUTFILE"
};

/// Every kind found in the statement; never empty. `tokens` holds one statement, no ';'.
std::vector<finding> classify(std::span<const token> tokens, sql_dialect d);

}  // namespace mcpgw::backends::sql_guard

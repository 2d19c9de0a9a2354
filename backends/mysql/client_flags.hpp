#pragma once
// The capability flags the gateway connects with. CLIENT_MULTI_STATEMENTS is never among
// them: the server then rejects a second statement after ';' as a syntax error (safety
// layer 1, enforced by the server rather than by our parsing). CLIENT_LOCAL_FILES is off
// too (MYSQL_OPT_LOCAL_INFILE 0), so LOAD DATA LOCAL cannot read the gateway's files.
// Header-only so the integration suite can connect with exactly these flags.

// <mariadb/...>: targets that use these headers without the driver's include path (unit tests).
#include <mariadb/mysql.h>

namespace mcpgw::backends::mysql {

inline constexpr unsigned long client_flags = 0;

static_assert((client_flags & CLIENT_MULTI_STATEMENTS) == 0, "one statement per call");
static_assert((client_flags & CLIENT_LOCAL_FILES) == 0, "no LOAD DATA LOCAL");

}  // namespace mcpgw::backends::mysql

#pragma once
// A hard cap on what libpq reads from one socket, for the memory bound of a call
// (statement_runner.cpp, "wire cap"). libpq collects a whole DataRow before the application
// sees any of it, and it sizes its input buffer from the row's length header: for
// `SELECT repeat('x', 300000000)` one PQconsumeInput read ~300 MB, although the socket
// reported (FIONREAD) a few hundred KB before the call, because libpq keeps calling recv()
// while data keeps coming (measured here: 297 MB read past what FIONREAD announced; still
// 16 MB with SO_RCVBUF at 256 KB). Counting what arrives is not enough to stop it; limiting
// what libpq can take is.
//
// libpq reads its socket with recv() (pqsecure_raw_read, TLS included through its BIO), so
// this file defines recv(): a call on the clamped descriptor of the current thread gets at
// most the remaining allowance, and EAGAIN once it is used up (libpq then returns with what
// it has); every other call goes straight to the C library's recv (looked up once with
// RTLD_NEXT). The clamp is thread-local and exists only around the gateway's own
// PQconsumeInput calls, so no other code sees a difference.

#include <cstddef>

namespace mcpgw::backends::postgres {

class read_clamp {
public:
    /// Until destroyed, recv() on `fd` from this thread returns at most `allowance` bytes in
    /// total.
    read_clamp(int fd, std::size_t allowance);
    ~read_clamp();
    read_clamp(const read_clamp&) = delete;
    read_clamp& operator=(const read_clamp&) = delete;
    read_clamp(read_clamp&&) = delete;
    read_clamp& operator=(read_clamp&&) = delete;

    /// Bytes recv() handed out under this clamp.
    std::size_t used() const;
};

}  // namespace mcpgw::backends::postgres

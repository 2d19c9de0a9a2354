#!/usr/bin/env python3
"""Records a Redis server's own command table (the `COMMAND` reply).

    record_commands.py PORT fixture  > tests/unit/backends/redis/command_reply_7_0.json
    record_commands.py PORT builtin  > backends/redis/recorded_commands.inc
    record_commands.py PORT tokens   > backends/redis/recorded_tokens.inc

`fixture`: the whole reply as JSON (strings, integers, nested arrays), for the unit tests.
`builtin`: name, flags and ACL categories per command and subcommand as C++ initialisers,
the table the gateway checks config-declared tools against at start-up (the live server's
own table replaces it at the first connection).
`tokens`: per command and subcommand, the option words its documentation lists (`COMMAND
DOCS`: STORE, BLOCK, COUNT...). Redis compares those with strcasecmp, which stops at a NUL
byte; the access check refuses an argument that spells one of them followed by a NUL.
"""
import json
import socket
import sys


def read(f):
    line = f.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [read(f) for _ in range(n)]
    if kind == b"$":
        n = int(rest)
        return None if n < 0 else f.read(n + 2)[:-2].decode()
    if kind == b":":
        return int(rest)
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise SystemExit("error reply: %r" % line)
    raise SystemExit("unexpected reply: %r" % line)


def rows(entry):
    yield entry[0], entry[2], entry[6]
    for sub in entry[9] if len(entry) > 9 else []:
        yield from rows(sub)


def pairs(flat):
    return dict(zip(flat[0::2], flat[1::2]))


def tokens_of(arguments):
    for a in arguments:
        a = pairs(a)
        if a.get("token"):
            yield a["token"].lower()
        yield from tokens_of(a.get("arguments", []))


def doc_rows(name, doc):
    doc = pairs(doc)
    yield name, sorted(set(tokens_of(doc.get("arguments", []))))
    for sub, subdoc in sorted(pairs(doc.get("subcommands") or []).items()):
        yield from doc_rows(sub, subdoc)


def main():
    port, mode = int(sys.argv[1]), sys.argv[2]
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    s.sendall(b"*1\r\n$7\r\nCOMMAND\r\n")
    reply = sorted(read(f), key=lambda e: e[0])
    s.sendall(b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n")
    info = read(f)
    version = next(l.split(":")[1] for l in info.splitlines() if l.startswith("redis_version:"))
    if mode == "tokens":
        s.sendall(b"*2\r\n$7\r\nCOMMAND\r\n$4\r\nDOCS\r\n")
        docs = read(f)
        print("// Recorded from Redis %s by tests/unit/backends/redis/record_commands.py; do not edit." % version)
        for name, doc in sorted(pairs(docs).items()):
            for row, words in doc_rows(name, doc):
                if words:
                    print('{"%s", "%s"},' % (row.replace('"', '\\"'), " ".join(words)))
        return
    if mode == "fixture":
        json.dump(reply, sys.stdout, separators=(",", ":"))
        return
    print("// Recorded from Redis %s by tests/unit/backends/redis/record_commands.py; do not edit." % version)
    for entry in reply:
        for name, flags, cats in rows(entry):
            print('{"%s", "%s", "%s"},' % (name, " ".join(flags), " ".join(cats)))


main()

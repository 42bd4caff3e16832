#!/usr/bin/env python3
# A small in-memory xenstore daemon for client-side tests only: enough of
# the wire protocol (xs_wire.h) for the xenstore tools (no real isolation
# of transactions, no quotas, everyone is dom0).  Usage: fakexsd.py SOCKET
import os, socket, struct, sys, threading

HDR = struct.Struct("=IIII")
(CONTROL, DIRECTORY, READ, GET_PERMS, WATCH, UNWATCH, TSTART, TEND,
 INTRODUCE, RELEASE, GET_DOMAIN_PATH, WRITE, MKDIR, RM, SET_PERMS,
 WATCH_EVENT, ERROR) = range(17)
DIRECTORY_PART = 22

nodes = {"/": [b"", ["b0"]]}
lock = threading.Lock()
watches = []          # (conn, path, token)

def parent(p):
    return "/" if p.rfind("/") == 0 else p[:p.rfind("/")]

def children(p):
    pre = p.rstrip("/") + "/"
    return sorted(k[len(pre):] for k in nodes
                  if k.startswith(pre) and "/" not in k[len(pre):] and k != p)

def fire(path):
    for conn, w, tok in list(watches):
        if path == w or path.startswith(w.rstrip("/") + "/"):
            send(conn, WATCH_EVENT, 0, 0, path.encode() + b"\0" + tok + b"\0")

def send(conn, t, rid, tx, body):
    try:
        conn.sendall(HDR.pack(t, rid, tx, len(body)) + body)
    except OSError:
        pass

def create(p):
    if p in nodes:
        return
    create(parent(p))
    nodes[p] = [b"", list(nodes[parent(p)][1])]
    fire(p)

def handle(conn, t, args, raw):
    a0 = args[0].decode() if args else ""
    if t == READ:
        if a0 not in nodes: return "ENOENT"
        return nodes[a0][0]
    if t == WRITE:
        p, v = raw.split(b"\0", 1)
        create(p.decode()); nodes[p.decode()][0] = v; fire(p.decode())
        return b"OK\0"
    if t == MKDIR:
        create(a0); return b"OK\0"
    if t == DIRECTORY:
        if a0 not in nodes: return "ENOENT"
        return b"".join(c.encode() + b"\0" for c in children(a0))
    if t == RM:
        if a0 not in nodes:
            return b"OK\0" if parent(a0) in nodes else "ENOENT"
        for k in [k for k in nodes if k == a0 or k.startswith(a0 + "/")]:
            del nodes[k]
        fire(a0); return b"OK\0"
    if t == GET_PERMS:
        if a0 not in nodes: return "ENOENT"
        return b"".join(x.encode() + b"\0" for x in nodes[a0][1])
    if t == SET_PERMS:
        if a0 not in nodes: return "ENOENT"
        perms = [x.decode() for x in args[1:]]
        if not perms or any(x[:1] not in "nrwb" for x in perms):
            return "EINVAL"
        nodes[a0][1] = perms; fire(a0); return b"OK\0"
    if t == WATCH:
        watches.append((conn, a0, args[1]))
        return b"OK\0", lambda: send(conn, WATCH_EVENT, 0, 0,
                                     args[0] + b"\0" + args[1] + b"\0")
    if t == UNWATCH:
        for w in watches:
            if w[0] is conn and w[1] == a0 and w[2] == args[1]:
                watches.remove(w); return b"OK\0"
        return "ENOENT"
    if t == TSTART: return b"1\0"
    if t == TEND: return b"OK\0"
    if t == GET_DOMAIN_PATH: return ("/local/domain/%s" % a0).encode() + b"\0"
    if t == CONTROL:
        if a0 == "help": return b"help\nprint\n\0"
        if a0 == "print": return b"\0"
        return "EINVAL"
    return "ENOSYS"

def serve(conn):
    buf = b""
    while True:
        while len(buf) < 16 or len(buf) < 16 + HDR.unpack(buf[:16])[3]:
            d = conn.recv(65536)
            if not d:
                with lock:
                    watches[:] = [w for w in watches if w[0] is not conn]
                return
            buf += d
        t, rid, tx, n = HDR.unpack(buf[:16])
        raw, buf = buf[16:16 + n], buf[16 + n:]
        args = raw.split(b"\0")[:-1] if raw.endswith(b"\0") else raw.split(b"\0")
        with lock:
            r = handle(conn, t, args, raw)
            after = None
            if isinstance(r, tuple):
                r, after = r
            if isinstance(r, str):
                send(conn, ERROR, rid, tx, r.encode() + b"\0")
            else:
                send(conn, t, rid, tx, r)
            if after:
                after()

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(16)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()

#pragma once

// The test worker's plain servers on 127.0.0.1 (--serve-tcp, --serve-http), one connection at a
// time from its run loop. (gRPC Ping is grpc_ping.h.)

// A listening socket on 127.0.0.1:port (exits through setupFailed if it cannot be had).
int listenOn(int port);
// Accepts one connection: TCP closes it at once; HTTP reads the request head (up to a blank line,
// 64 KiB or 2 s of silence) and answers "HTTP/1.0 200 OK".
void serveOne(int listenFd, bool http);

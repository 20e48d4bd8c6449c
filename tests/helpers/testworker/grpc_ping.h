#pragma once

// Accepts one connection on listenFd and answers its gRPC calls until the client closes it:
// proto.CoreService/Ping with grpc-status answerStatus (0: OK), any other method with 12
// (UNIMPLEMENTED).
void serveGrpcPing(int listenFd, int answerStatus);

#!/usr/bin/python3
"""A real gRPC health server for the tests: grpc.health.v1.Health/Check served by Debian's
python3-grpcio (no generated code: the one-field messages are read and written as bytes).

  --port N            listen on 127.0.0.1:N
  --status-file PATH  its first word, read at every call, is the answer: SERVING (also when the
                      file is missing) or NOT_SERVING
  --services a,b      services known besides "" (the whole server); any other is NOT_FOUND (5)
  --no-health         no health service at all: every call is UNIMPLEMENTED (12)
"""
import argparse
import concurrent.futures

import grpc

SERVING, NOT_SERVING = 1, 2


def service_of(request: bytes) -> str:
    # HealthCheckRequest { string service = 1; }: tag 0x0a, a one-byte length (names < 128 bytes).
    if len(request) >= 2 and request[0] == 0x0A:
        return request[2:2 + request[1]].decode()
    return ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--status-file")
    parser.add_argument("--services", default="")
    parser.add_argument("--no-health", action="store_true")
    args = parser.parse_args()
    known = {""} | {s for s in args.services.split(",") if s}

    def check(request: bytes, context: grpc.ServicerContext) -> bytes:
        service = service_of(request)
        if service not in known:
            context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service {service}")
        status = "SERVING"
        if args.status_file:
            try:
                with open(args.status_file) as f:
                    status = (f.read().split() or ["SERVING"])[0]
            except FileNotFoundError:
                pass
        # HealthCheckResponse { ServingStatus status = 1; }: tag 0x08, the value.
        return bytes([0x08, SERVING if status == "SERVING" else NOT_SERVING])

    server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=2))
    if not args.no_health:
        handler = grpc.unary_unary_rpc_method_handler(check)  # bytes in, bytes out
        server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler("grpc.health.v1.Health", {"Check": handler}),))
    server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    print(f"serving gRPC on 127.0.0.1:{args.port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()

"""Network helpers shared by the benches, the chaos run and the soak."""
import socket


def free_ports(n):
    """n distinct loopback ports free right now (bound to 0 and released: the kernel picks)."""
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports

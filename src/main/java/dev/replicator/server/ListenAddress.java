package dev.replicator.server;

import java.net.InetSocketAddress;

/** An {@code addr} as written ({@code :PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}) and the socket it names. */
public record ListenAddress(String text, InetSocketAddress socket) {

    /** IllegalArgumentException if {@code addr} is not [HOST]:PORT; port 0 picks a free one. */
    public static ListenAddress parse(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("addr '" + addr + "' must be HOST:PORT or :PORT, like ':9090'");
        }
        String host = addr.substring(0, colon);
        int port = Integer.parseInt(addr.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress socket = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        return new ListenAddress(addr, socket);
    }
}

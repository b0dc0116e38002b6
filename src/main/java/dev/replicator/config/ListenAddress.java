package dev.replicator.config;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code addr} as written ({@code :PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}): where the metrics and health
 * server listens. The host is looked up only when the server binds.
 */
public record ListenAddress(String text, String host, int port) {

    private static final Pattern ADDR = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*):(\\d{1,5})");

    /** @throws IllegalArgumentException if {@code addr} is not [HOST]:PORT; port 0 picks a free one */
    public static ListenAddress parse(String addr) {
        Matcher m = ADDR.matcher(addr);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
            throw new IllegalArgumentException("'" + addr + "' must be HOST:PORT or :PORT, like ':9090' or "
                    + "'127.0.0.1:9090'");
        }
        String host = m.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ListenAddress(addr, host, Integer.parseInt(m.group(2)));
    }

    /** The socket to bind: every interface when no host is given. */
    public InetSocketAddress socket() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}

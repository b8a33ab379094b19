package io.tdxsim.sim.scenario;

/**
 * A node's network address as the user writes it, {@code HOST:PORT} ({@code [v6]:PORT} for an
 * IPv6 literal). Parsing is strict so a typo is refused before any node starts.
 */
public record HostPort(String host, int port) {

    /** What a problem message says is expected. */
    public static final String EXPECTED = "expected HOST:PORT, e.g. 127.0.0.1:2552";

    /**
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static HostPort parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(EXPECTED + ", got '" + t + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address goes in brackets, e.g. [::1]:2552, got '" + t + "'");
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException(EXPECTED + ", got host '" + host + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EXPECTED + ", got port '" + t.substring(colon + 1) + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected a port from 1 to 65535, got " + port);
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

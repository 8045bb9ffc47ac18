package io.kvaudit.activity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IPv4 and IPv6 addresses and CIDR ranges: the {@code --listed-ips} list, and what counts as a private address for the
 * network-contradiction detector. Only literal addresses are parsed (never a host name: no DNS lookup).
 */
public final class IpRanges {

    /** One range: its first address and prefix length, in the address family's bit width. */
    public record Range(String text, byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = prefix / 8, rest = prefix % 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /** Private, loopback, link-local, shared (CGNAT), unique-local: addresses the internet does not route to a vault. */
    private static final IpRanges NON_PUBLIC = parseAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
            "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8", "::1/128", "fc00::/7", "fe80::/10", "::/128"));

    private final List<Range> ranges;

    private IpRanges(List<Range> ranges) { this.ranges = List.copyOf(ranges); }

    public static final IpRanges NONE = new IpRanges(List.of());

    public List<Range> ranges() { return ranges; }

    public boolean isEmpty() { return ranges.isEmpty(); }

    /** The range holding the address, or null (also for text that is not an IP address). */
    public Range find(String ip) {
        byte[] a = address(ip);
        if (a == null) return null;
        for (Range r : ranges) if (r.contains(a)) return r;
        return null;
    }

    public static boolean isPublic(String ip) {
        byte[] a = address(ip);
        return a != null && NON_PUBLIC.find(ip) == null;
    }

    public static IpRanges of(List<Range> ranges) { return new IpRanges(ranges); }

    static IpRanges parseAll(List<String> lines) {
        List<Range> out = new ArrayList<>();
        for (String l : lines) out.add(parse(l));
        return new IpRanges(out);
    }

    /** "203.0.113.7", "203.0.113.0/24" or "2001:db8::/32"; throws IllegalArgumentException with the reason. */
    public static Range parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        byte[] a = address(slash < 0 ? t : t.substring(0, slash));
        if (a == null) throw new IllegalArgumentException("not an IP address or CIDR range: \"" + t + "\"");
        int prefix = a.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: \"" + t + "\"");
            }
            if (prefix < 0 || prefix > a.length * 8)
                throw new IllegalArgumentException("prefix length out of range (0.." + a.length * 8 + "): \"" + t + "\"");
        }
        return new Range(t, a, prefix);
    }

    /** The address's bytes (4 or 16), or null when the text is not a literal IP address. */
    static byte[] address(String ip) {
        if (ip == null) return null;
        String s = ip.strip();
        if (s.isEmpty()) return null;
        boolean v4 = s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean v6 = s.indexOf(':') >= 0 && s.toLowerCase(Locale.ROOT).chars().allMatch(c -> c == ':' || c == '.'
                || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (v4) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) return null;
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3) return null;
                int n = Integer.parseInt(parts[i]);
                if (n > 255) return null;
                b[i] = (byte) n;
            }
            return b;
        }
        if (!v6) return null;
        try {
            // a literal IPv6 address (it has a colon, so no host name): InetAddress parses it without any lookup; an
            // IPv4-mapped one (::ffff:1.2.3.4) comes back as its 4 IPv4 bytes
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The /24 (IPv4) or /64 (IPv6) an address belongs to, as text; the address itself when it is not one. */
    public static String network(String ip) {
        byte[] a = address(ip);
        if (a == null) return ip;
        if (a.length == 4) return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i += 2) s.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
        return s + ":/64";
    }
}

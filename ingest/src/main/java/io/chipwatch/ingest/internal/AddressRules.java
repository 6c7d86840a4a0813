package io.chipwatch.ingest.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Which resolved addresses a fetch may reach when private networks are not allowed. */
public final class AddressRules {
    private AddressRules() {}

    /** Null when the address is public, otherwise why it is refused. */
    public static String refusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified address";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local address (includes cloud metadata 169.254.169.254)";
        }
        if (a.isSiteLocalAddress()) {
            return "private address";
        }
        if (a.isMulticastAddress()) {
            return "multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 0 || b0 >= 240) {
                return "reserved address";
            }
            if (b0 == 100 && b1 >= 64 && b1 <= 127) {
                return "carrier-grade NAT address (includes cloud metadata 100.100.100.200)";
            }
            if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) {
                return "IETF protocol assignment address";
            }
            if (b0 == 198 && (b1 == 18 || b1 == 19)) {
                return "benchmarking address";
            }
        } else if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            if ((b0 & 0xfe) == 0xfc) {
                return "unique-local IPv6 address (includes cloud metadata fd00:ec2::254)";
            }
            if (b0 == 0x20 && (b[1] & 0xff) == 0x02) {
                return "6to4 address that may wrap a private IPv4";
            }
            if (b0 == 0 && isZero(b, 1, 10) && (b[10] & 0xff) == 0 && (b[11] & 0xff) == 0) {
                return "IPv4-compatible IPv6 address";
            }
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

package io.chipwatch.alerts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Alert ids are derived, never random: the same watch and story always give the same id. */
public final class AlertIds {
    private AlertIds() {}

    /** First 128 bits of SHA-256 over {@code watchId|discriminator}, in hex. */
    public static String of(String watchId, String discriminator) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((watchId + "|" + discriminator).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

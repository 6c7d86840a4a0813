package io.chipwatch.enrich.internal;

/** Test access to package-private text helpers. */
public final class TextAccess {
    private TextAccess() {}

    public static String nfkc(String s) {
        return Text.nfkc(s);
    }
}

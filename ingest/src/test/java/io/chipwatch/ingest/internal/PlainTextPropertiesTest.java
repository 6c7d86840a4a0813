package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jsoup.nodes.Entities;

/**
 * Hostile markup in, plain text out: whatever mix of tags, handlers, {@code javascript:} URLs,
 * CDATA, entities and escaped or double-escaped markup a feed or page carries, no tag, comment or
 * entity survives in a title, author or text, no control character either, and cleaning is
 * idempotent.
 */
class PlainTextPropertiesTest {
    /** A tag, comment, CDATA or declaration start, or a numeric character reference. */
    private static final Pattern MARKUP = Pattern.compile("<[A-Za-z!?]|</[A-Za-z]|&(#[0-9]+|#[xX][0-9a-fA-F]+);");
    private static final Pattern NAMED_REFERENCE = Pattern.compile("&([A-Za-z][A-Za-z0-9]*);");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069]");

    /** Markup whose every payload ("alert", handlers, javascript:) sits inside a tag or a script-like element. */
    private static final List<String> PAYLOADS = List.of(
            "<script>alert(1)</script>", "<script src=\"//evil.example/x.js\">alert(2)</script>",
            "<iframe src=\"javascript:alert(4)\">alert fallback</iframe>", "<iframe srcdoc=\"<script>alert(5)</script>\"></iframe>",
            "<img src=x onerror=alert(6)>", "<img src=x onerror=\"alert(7)\"/>", "<svg onload=alert(8)><circle/></svg>",
            "<a href=\"javascript:alert(9)\">", "<body onload=alert(10)>", "<style>@import 'javascript:alert(11)';</style>",
            "<object data=\"javascript:alert(12)\"></object>", "<embed src=javascript:alert(13)>", "<math><mi>alert</mi></math>",
            "<div style=\"background:url(javascript:alert(14))\">", "<input onfocus=alert(15) autofocus>", "<textarea>alert(16)</textarea>",
"<template><script>alert(18)</script></template>",
            "<![CDATA[<script>alert(19)</script>]]>", "<!-- alert(20) -->", "<?php alert(21) ?>", "<!DOCTYPE alert>",
            "<video><source onerror=\"alert(22)\"></video>", "<details open ontoggle=alert(23)>");
    /** Unclosed elements whose content is not text: everything after them goes too. */
    private static final List<String> SWALLOWING = List.of("<script>alert(3)", "<iframe srcdoc=\"<script>alert(5)</script>\">",
            "<style>", "<textarea>", "<title>", "<noscript>", "<xmp>", "<plaintext>", "<svg><script>alert(24)",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(17)>\"></noscript>");
    /** Markup that leaves text behind (and may leave the word alert as harmless text). */
    private static final List<String> TEXTY = List.of(
            "<b>", "</b>", "<i>", "<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<span class=\"x\">", "<ul><li>", "</li></ul>",
            "<b><i>unclosed", "<a href=\"https://ok.example/\">link</a>", "<scr<script>ipt>alert(1)</script>", "<<b>>", "<b", "</",
            "<![CDATA[unterminated", "<!-- unterminated", "&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&#0;",
            "&#x7;", "&hellip;", "&copy", "&bogus;", "&", "<", ">", "\u0000", "\u0007", "\u001b", "\u0085", "\u202e", "\t", "\r\n",
            "\n\n", "\uFFFF", "\uD800", "中文", "café");
    private static final List<String> WORDS = List.of("Nvidia", "H200", "licence", "Huawei", "Ascend", "HBM", "SMIC", "BIS", "rule", "chips");

    @Property(tries = 1000)
    void shouldLeaveNoMarkupInALine(@ForAll("hostile") String input) {
        String line = PlainText.line(input);
        assertThat(line).as(input).doesNotContainPattern(MARKUP).doesNotContainPattern(CONTROL).doesNotContain("\n");
        assertNoKnownEntity(input, line);
        assertThat(line).isEqualTo(line.strip()).doesNotContain("  ");
        assertThat(PlainText.line(line)).as("idempotent").isEqualTo(line);
    }

    @Property(tries = 1000)
    void shouldLeaveNoMarkupInText(@ForAll("hostile") String input) {
        String text = PlainText.text(input);
        assertThat(text).as(input).doesNotContainPattern(MARKUP).doesNotContainPattern(CONTROL).doesNotContain("\n\n\n");
        assertNoKnownEntity(input, text);
        assertThat(PlainText.text(text)).as("idempotent").isEqualTo(text);
    }

    @Property(tries = 1000)
    void shouldDropEveryPayloadAndKeepEveryWord(@ForAll("payloadsAndWords") String input) {
        for (String out : List.of(PlainText.line(input), PlainText.text(input))) {
            assertThat(out).as(input).doesNotContainIgnoringCase("alert").doesNotContainIgnoringCase("javascript")
                    .doesNotContainIgnoringCase("onerror").doesNotContainIgnoringCase("onload");
            for (String w : WORDS) {
                if (input.contains(w)) {
                    assertThat(out).as(input).contains(w);
                }
            }
        }
    }

    /** An unknown name such as {@code &bogus;} is text, as browsers show it; a known one must have been decoded. */
    private static void assertNoKnownEntity(String input, String out) {
        Matcher m = NAMED_REFERENCE.matcher(out);
        while (m.find()) {
            assertThat(Entities.isNamedEntity(m.group(1))).as(input + " -> " + out).isFalse();
        }
    }

    @Property(tries = 1000)
    void shouldTakeTheFastPathOnlyWhenFullCleaningWouldChangeNothing(@ForAll("hostile") String input) {
        for (String s : List.of(input, PlainText.cleanText(input), PlainText.cleanLine(input))) {
            if (PlainText.alreadyClean(s, true)) {
                assertThat(PlainText.cleanText(s)).as(s).isEqualTo(s);
            }
            if (PlainText.alreadyClean(s, false)) {
                assertThat(PlainText.cleanLine(s)).as(s).isEqualTo(s);
            }
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PAYLOADS), Arbitraries.of(SWALLOWING), Arbitraries.of(TEXTY), Arbitraries.of(WORDS),
                Arbitraries.strings().ofMaxLength(8));
        return piece.list().ofMaxSize(12).map(l -> String.join(" ", l)).flatMap(PlainTextPropertiesTest::escapedUpTo3);
    }

    @Provide
    Arbitrary<String> payloadsAndWords() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PAYLOADS), Arbitraries.of(WORDS));
        return piece.list().ofMinSize(1).ofMaxSize(10).map(l -> String.join(" ", l)).flatMap(PlainTextPropertiesTest::escapedUpTo3);
    }

    /** The string as is, or HTML-escaped once, twice or three times (feeds escape markup inside markup). */
    private static Arbitrary<String> escapedUpTo3(String s) {
        return Arbitraries.integers().between(0, 3).map(n -> {
            String out = s;
            for (int i = 0; i < n; i++) {
                out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            }
            return out;
        });
    }
}

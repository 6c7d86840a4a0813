package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.RawArticle;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import org.junit.jupiter.api.Test;

class PlainTextTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("<b>Nvidia</b> wins <i>H200</i> licence", "Nvidia wins H200 licence"),
                arguments("Huawei &amp; SMIC", "Huawei & SMIC"),
                arguments("Huawei &amp;amp; SMIC", "Huawei & SMIC"),
                arguments("&lt;script&gt;alert(1)&lt;/script&gt;Ascend demand", "Ascend demand"),
                arguments("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Ascend", "Ascend"),
                arguments("&#60;iframe src=javascript:alert(1)&#62;&#60;/iframe&#62;HBM", "HBM"),
                arguments("<img src=x onerror=alert(1)>Cambricon", "Cambricon"),
                arguments("<![CDATA[<script>steal()</script>Entity List]]>", "Entity List"),
                arguments("caf&eacute; &nbsp;rules&hellip;", "café rules…"),
                arguments("AT&T and R&D stay", "AT&T and R&D stay"),
                arguments("a < b and c > d", "a < b and c > d"),
                arguments("\u202EBIS\u0007 rule\u0000", "BIS rule"),
                arguments("  spaced\t\tout\n title  ", "spaced out title"),
                arguments("<b>unclosed <i>nested", "unclosed nested"),
                arguments("<div onclick=\"x()\">a</div><p>b</p>", "a b"));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void shouldMakeOneLineOfPlainText(String input, String expected) {
        assertThat(PlainText.line(input)).isEqualTo(expected);
    }

    @Test
    void shouldKeepParagraphBreaksInText() {
        String text = PlainText.text("First paragraph &amp; more.\n\n<p>Second</p><p>Third <script>x()</script>para</p>\n\n\n  Fourth\u0001  ");
        assertThat(text).isEqualTo("First paragraph & more.\n\nSecond\n\nThird para\n\nFourth");
    }

    @Test
    void shouldDecodeDoubleEscapedBlocksIntoParagraphs() {
        assertThat(PlainText.text("&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;br&gt;Three&lt;/p&gt;")).isEqualTo("One\n\nTwo\n\nThree");
    }

    @Test
    void shouldLeaveCleanTextUntouched() {
        String clean = "国产加速卡订单大幅增长\n\nDemand rose 40% (Q1 < Q2).";
        assertThat(PlainText.text(clean)).isSameAs(clean);
        assertThat(PlainText.line("Exportkontrollen für Lithografie — Überblick")).isEqualTo("Exportkontrollen für Lithografie — Überblick");
    }

    @Test
    void shouldStripAngleBracketsWhenEscapingIsDeeperThanThePassLimit() {
        String deep = "<b>x</b>";
        for (int i = 0; i < PlainText.MAX_PASSES + 2; i++) {
            deep = deep.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
        assertThat(PlainText.line(deep)).doesNotContainPattern("<[a-z/]");
    }

    @Test
    void shouldCleanEveryTextFieldOfAnArticleAndDropABlankAuthor() {
        RawArticle a = new RawArticle("id1", "src", "https://e.org/a", "<script>x</script>Title &amp; more", "<p>Body</p>", "<span> </span>",
                "en", null, Instant.EPOCH, List.of(), "text/html");
        RawArticle clean = PlainText.article(a);
        assertThat(clean.title()).isEqualTo("Title & more");
        assertThat(clean.text()).isEqualTo("Body");
        assertThat(clean.author()).isNull();
        assertThat(clean.url()).isEqualTo(a.url());
        assertThat(PlainText.article(clean)).isSameAs(clean);
    }
}

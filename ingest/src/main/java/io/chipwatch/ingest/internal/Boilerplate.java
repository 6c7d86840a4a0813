package io.chipwatch.ingest.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Element;

/**
 * Removes what is not the article from a page body, in two steps.
 *
 * <p>{@link #removeNonText} drops what never holds readable text (scripts, styles, embeds, form controls).
 *
 * <p>{@link #removeBoilerplate} drops <em>candidates</em>: structural boilerplate (navigation, footers,
 * asides, forms, page headers, figures, hidden elements, ARIA landmarks other than the main one),
 * elements whose class or id names boilerplate ({@code comments}, {@code related}, {@code share},
 * {@code widget}, ...) and blocks made mostly of links. A name or a tag only makes an element a
 * candidate; the text decides:
 * <ul>
 *   <li>a candidate that holds at least half the prose around it (the page's, or inside the page's
 *       marked article that article's) is the content and stays: one {@code <form>} or one {@code <div>}
 *       around the page, a hidden application root;</li>
 *   <li>a candidate only because of words that name a way of showing content ({@code widget},
 *       {@code more}, {@code paywall}) stays when it is content-dense (mostly prose, two paragraphs or more):
 *       the Elementor post-content widget, the paywalled half of a story;</li>
 *   <li>the page's own marked article ({@code itemprop=articleBody}, else the {@code <article>} with the
 *       most prose of its own, else {@code <main>}) and its ancestors are never removed when they hold a
 *       fair share of the page's prose; outside it, candidates are removed by name and structure alone.</li>
 * </ul>
 */
final class Boilerplate {
    private static final String NON_TEXT = "script, style, noscript, template, iframe, svg, canvas, button, input, select, textarea, "
            + "object, embed, amp-ad, amp-analytics, link, meta";
    private static final Set<String> STRUCTURAL = Set.of("nav", "footer", "aside", "form", "header", "figure", "figcaption",
            "picture", "video", "audio", "amp-sidebar", "amp-social-share", "ins", "dialog", "menu");
    private static final Set<String> LANDMARKS = Set.of("navigation", "banner", "contentinfo", "complementary", "dialog",
            "alertdialog", "alert", "search");
    /** Class and id words that name another kind of content than the article. */
    private static final Set<String> OTHER_CONTENT = Set.of("ad", "ads", "adv", "advert", "advertisement", "advertising", "sponsor",
            "sponsored", "promo", "promoted", "banner", "breadcrumb", "breadcrumbs", "comment", "comments", "respond", "reply",
            "disqus", "related", "recommended", "recommend", "recirc", "trending", "popular", "mostread", "share", "sharing",
            "social", "newsletter", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr", "popup", "modal",
            "overlay", "sidebar", "footer", "nav", "navbar", "navigation", "menu", "masthead", "header", "outbrain", "taboola", "tags",
            "tag", "tagcloud",
            "pagination", "pager", "toolbar", "rss", "follow", "bio", "skip", "sr", "visually", "caption", "credit", "byline",
            "dateline", "meta", "breaking", "ticker", "login", "topbar", "logo", "search", "copyright", "disclaimer", "toc", "jump");
    /**
     * Class and id words that name a way of showing content, not what it is: an Elementor {@code widget},
     * a {@code read-more} or {@code paywall} container. They hold boilerplate as often as
     * the article itself, so a content-dense element named so stays.
     */
    private static final Set<String> PRESENTATION = Set.of("widget", "more", "readmore", "paywall", "hidden", "print");
    private static final Set<String> NEGATIVE;

    static {
        Set<String> all = new HashSet<>(OTHER_CONTENT);
        all.addAll(PRESENTATION);
        NEGATIVE = Set.copyOf(all);
    }

    private static final Set<String> POSITIVE = Set.of("article", "body", "content", "entry", "main", "post", "story", "text",
            "blog", "news", "detail", "page", "paragraph", "prose", "rich", "articlebody", "article_body", "zw", "wenzhang", "正文");
    /** A marked article below this share of the page's prose is a teaser card, not the article. */
    private static final double ANCHOR_MIN_SHARE = 0.2;
    /** A candidate holding this share of the prose around it is the content, not boilerplate. */
    private static final double CONTENT_SHARE = 0.5;
    private static final double LINK_BLOCK_DENSITY = 0.6;
    /** Content-dense: at least this much prose (two short paragraphs), making up {@value #DENSE_SHARE} of the text. */
    private static final int DENSE_MIN_PROSE = 200;
    private static final double DENSE_SHARE = 0.8;

    private Boilerplate() {}

    static void removeNonText(Element body) {
        body.select(NON_TEXT).remove();
    }

    static void removeBoilerplate(Element body) {
        TextStats stats = TextStats.of(body);
        Element anchor = anchor(body, stats);
        Set<Element> aboveAnchor = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Element p = anchor == null ? null : anchor.parent(); p != null; p = p.parent()) {
            aboveAnchor.add(p);
        }
        new Pass(stats, anchor, aboveAnchor, body).walk(body, false);
    }

    /**
     * The page's own marked article: the most specific marker that holds a fair share of the prose. An
     * {@code <article>} is measured without the articles nested in it, which are other posts (broken
     * markup that never closes the article puts the related posts inside it).
     */
    static Element anchor(Element body, TextStats stats) {
        int total = stats.prose(body);
        for (String marker : new String[] {"[itemprop=articleBody]", "article", "main, [role=main]"}) {
            Element best = null;
            int bestProse = 0;
            for (Element e : body.select(marker)) {
                int prose = ownProse(e, stats);
                if (best == null || prose > bestProse) {
                    best = e;
                    bestProse = prose;
                }
            }
            if (best != null && total > 0 && bestProse >= ANCHOR_MIN_SHARE * total) {
                return best;
            }
        }
        return null;
    }

    private static int ownProse(Element e, TextStats stats) {
        int prose = stats.prose(e);
        if (e.normalName().equals("article")) {
            for (Element nested : e.select("article")) {
                if (nested != e && nested.parent() != null && nested.parent().closest("article") == e) {
                    prose -= stats.prose(nested);
                }
            }
        }
        return prose;
    }

    private record Pass(TextStats stats, Element anchor, Set<Element> aboveAnchor, Element body) {
        void walk(Element e, boolean insideAnchor) {
            for (Element child : new ArrayList<>(e.children())) {
                boolean inside = insideAnchor || child == anchor;
                if (child == anchor || aboveAnchor.contains(child)) {
                    walk(child, inside);
                } else if (isBoilerplate(child, insideAnchor)) {
                    child.remove();
                } else {
                    walk(child, inside);
                }
            }
        }

        private boolean isBoilerplate(Element e, boolean insideAnchor) {
            return isCandidate(e) && !holdsContent(e, insideAnchor) && !(onlyPresentation(e) && isDense(e));
        }

        private boolean holdsContent(Element e, boolean insideAnchor) {
            if (anchor != null && !insideAnchor) {
                return false;
            }
            int around = stats.prose(insideAnchor ? anchor : body);
            return around > 0 && stats.prose(e) >= CONTENT_SHARE * around;
        }

        private boolean isDense(Element e) {
            int prose = stats.prose(e);
            return prose >= DENSE_MIN_PROSE && prose >= DENSE_SHARE * stats.chars(e);
        }

        /** A candidate only because of presentation words in its class or id. */
        private boolean onlyPresentation(Element e) {
            return hasWord(e, PRESENTATION) && !hasWord(e, OTHER_CONTENT) && !isStructural(e) && !isLinkBlock(e);
        }

        /**
         * Boilerplate by structure. An {@code <article>} inside the article is another post (a comment,
         * a related story), by HTML's definition.
         */
        private boolean isStructural(Element e) {
            String tag = e.normalName();
            return STRUCTURAL.contains(tag) && !(tag.equals("header") && e.closest("article") != null)
                    || LANDMARKS.contains(e.attr("role").toLowerCase(Locale.ROOT)) || isHidden(e)
                    || tag.equals("article") && anchor != null && anchor.normalName().equals("article") && e != anchor;
        }

        /**
         * A block made mostly of links: menus, link lists, and also a paragraph that is one link, which
         * inside a story is nearly always a promotion of another story ("READ MORE: ...").
         */
        private boolean isLinkBlock(Element e) {
            return TextStats.isBlock(e) && stats.chars(e) > 0 && stats.linkDensity(e) >= LINK_BLOCK_DENSITY;
        }

        private boolean isCandidate(Element e) {
            return isStructural(e) || isNegative(e) || isLinkBlock(e);
        }
    }

    private static boolean isHidden(Element e) {
        if (e.hasAttr("hidden") || e.attr("aria-hidden").equalsIgnoreCase("true")) {
            return true;
        }
        String style = e.attr("style");
        return !style.isEmpty() && style.toLowerCase(Locale.ROOT).replace(" ", "").matches("(?s).*(display:none|visibility:hidden).*");
    }

    static boolean isNegative(Element e) {
        return hasWord(e, NEGATIVE);
    }

    static boolean looksPositive(Element e) {
        return hasWord(e, POSITIVE);
    }

    /**
     * Whether a word of the class or id is in {@code words}. Words are split at spaces, '_' and '-' and
     * between a lower-case letter and an upper-case one ({@code ArticleBody__content} gives
     * {@code article}, {@code body}, {@code content}).
     */
    private static boolean hasWord(Element e, Set<String> words) {
        return hasWord(e.attr("class"), words) || hasWord(e.id(), words);
    }

    static boolean hasWord(String s, Set<String> words) {
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            boolean end = i == s.length();
            char c = end ? ' ' : s.charAt(i);
            boolean separator = Character.isWhitespace(c) || c == '_' || c == '-';
            boolean camel = !end && i > start && Character.isUpperCase(c) && Character.isLowerCase(s.charAt(i - 1));
            if (separator || camel || end) {
                if (i > start && words.contains(s.substring(start, i).toLowerCase(Locale.ROOT))) {
                    return true;
                }
                start = separator ? i + 1 : i;
            }
        }
        return false;
    }
}
